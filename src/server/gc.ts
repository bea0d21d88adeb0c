// A full garbage collection on request. An idle process allocates nothing, so V8 never collects
// what closed sessions left behind and the memory stays taken; after many sessions expire at once,
// one collection gives it back. The technique (expose gc for one call, then hide it again) is the
// one jest's leak detector uses.
import v8 from 'node:v8';
import vm from 'node:vm';

export function collectGarbage(): boolean {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') {
    exposed();
    return true;
  }
  try {
    v8.setFlagsFromString('--expose-gc');
    (vm.runInNewContext('gc') as () => void)();
    v8.setFlagsFromString('--no-expose-gc');
    return true;
  } catch {
    return false;
  }
}
