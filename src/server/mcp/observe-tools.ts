// Reports every tool call (tool, outcome, duration) to an observer such as the metrics, by wrapping
// registerTool once, so tools added later are observed too.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ToolCallObserver } from '../metrics.js';

type Register = McpServer['registerTool'];
type Handler = (...args: unknown[]) => unknown;

export function observeToolCalls(server: McpServer, observer: ToolCallObserver): void {
  const register = server.registerTool.bind(server) as (name: string, config: unknown, cb: Handler) => ReturnType<Register>;
  const observed = (name: string, config: unknown, cb: Handler): ReturnType<Register> =>
    register(name, config, async (...args: unknown[]) => {
      const started = performance.now();
      try {
        const result = await cb(...args);
        const failed = (result as { isError?: unknown } | undefined)?.isError === true;
        observer.toolCall(name, failed ? 'error' : 'ok', (performance.now() - started) / 1000, result);
        return result;
      } catch (err) {
        observer.toolCall(name, 'error', (performance.now() - started) / 1000);
        throw err;
      }
    });
  server.registerTool = observed as unknown as Register;
}
