import type { Coordinator } from '../../../src/runtime/coordinator';

/** Resolves once no run is active — listening to the coordinator, not polling — and then once every write landed. */
export function idle(coordinator: Coordinator): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () => {
      if (coordinator.snapshot.activeRunIds.length > 0) return;
      off();
      resolve();
    };
    const off = coordinator.subscribe(check);
    check();
  }).then(() => coordinator.flush());
}
