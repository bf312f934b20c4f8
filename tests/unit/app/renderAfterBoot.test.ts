import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderAfterBoot } from '../../../src/app/renderAfterBoot';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { createPlaygroundStore } from '../../../src/store/playgroundStore';

describe('renderAfterBoot', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());
  const newStore = () => createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);

  it('renders once the boot is over, once, before the bound', () => {
    const store = newStore();
    const render = vi.fn();
    renderAfterBoot(store, render, 150);
    vi.advanceTimersByTime(100);
    expect(render).not.toHaveBeenCalled();
    store.setState({ tabRole: 'solo' });
    expect(render).not.toHaveBeenCalled();
    store.setState({ status: 'ready' });
    expect(render).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1_000);
    store.setState({ status: 'failed' });
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('renders at the bound while the boot goes on, and not again when it ends', () => {
    const store = newStore();
    const render = vi.fn();
    renderAfterBoot(store, render, 150);
    vi.advanceTimersByTime(149);
    expect(render).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(render).toHaveBeenCalledTimes(1);
    store.setState({ status: 'ready' });
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('renders a failed boot at once, and a store already past booting at once', () => {
    const failing = newStore();
    const render = vi.fn();
    renderAfterBoot(failing, render, 150);
    failing.setState({ status: 'failed', bootError: 'no' });
    expect(render).toHaveBeenCalledTimes(1);

    const booted = newStore();
    booted.setState({ status: 'ready' });
    const renderBooted = vi.fn();
    renderAfterBoot(booted, renderBooted, 150);
    expect(renderBooted).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(200);
    expect(renderBooted).toHaveBeenCalledTimes(1);
  });
});
