// One place that stops whatever the harness started when the run is interrupted (Ctrl-C, CI
// timeout): Node's default SIGINT/SIGTERM ends the process without running 'exit' handlers, which
// would orphan code-server (its own process group) and leave temp dirs behind.
type Cleanup = () => Promise<void> | void;

const pending = new Set<Cleanup>();
let installed = false;

async function runAll(): Promise<void> {
  const all = [...pending].reverse(); // last started, first stopped
  pending.clear();
  for (const fn of all) {
    try {
      await fn();
    } catch (err) {
      console.error(`cleanup: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function install(): void {
  if (installed) return;
  installed = true;
  const codes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };
  for (const [sig, code] of Object.entries(codes) as [NodeJS.Signals, number][]) {
    process.on(sig, () => {
      console.error(`\n${sig}: stopping code-server/chromium and removing temp dirs`);
      const force = setTimeout(() => process.exit(code), 15_000);
      void runAll().finally(() => {
        clearTimeout(force);
        process.exit(code);
      });
    });
  }
}

/** Registers fn to run on SIGINT/SIGTERM/SIGHUP; returns an unregister function. */
export function onInterrupt(fn: Cleanup): () => void {
  install();
  pending.add(fn);
  return () => {
    pending.delete(fn);
  };
}
