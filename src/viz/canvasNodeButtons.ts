import { accessibleName, type NodeDatum } from './graphModel';
import { inSlices } from './inSlices';
import { rovingTarget } from './rovingFocus';

/**
 * What a canvas graph (canvasGraphView.ts) gives keyboards and screen readers: every node is also a visually hidden
 * button in a list, with the same test id, data-state, accessible name and keyboard behaviour as an SVG node (one tab
 * stop, arrows, Home/End, Enter/Space), whose focus ring the canvas draws. The buttons are named by their aria-label
 * alone, with no text inside: nobody sees them, and shaping 1,000 labels made the frame after a layout 16 ms of layout.
 */
export interface NodeButtons {
  /** The node whose button has the keyboard's focus, for the canvas to ring. */
  readonly focused: string | null;
  /**
   * A new layout's nodes in reading order (which is also the order the arrows move in): buttons of nodes that left go
   * at once, the others are made and placed BUTTONS_PER_TASK to a task after this one; `done` once all are there.
   */
  place(ordered: readonly NodeDatum[], done: () => void): void;
  /**
   * The nodes as they are now: state, name and pressed state written on the buttons made so far, only where they
   * changed; the tab stop follows the selection. A button made later is labelled as it is made.
   */
  label(nodes: readonly NodeDatum[], selectedId: string | null): void;
  /** Focuses a node's button (made now if its slice has not come yet). */
  focus(id: string, options?: FocusOptions): void;
  destroy(): void;
}

export interface NodeButtonCallbacks {
  onSelect(id: string): void;
  /** A button got (id) or lost (null) the focus. */
  onFocusChange(id: string | null): void;
  /** The nodes and selection as they are now: a button made in a later task is labelled with them. */
  current(): { nodes: readonly NodeDatum[]; selectedId: string | null };
}

/** Buttons made and placed per task after a layout: made and labelled in the task that applied it, 1,000 of them were most of a 26 ms task (traced). */
const BUTTONS_PER_TASK = 200;

export function createNodeButtons(list: HTMLElement, callbacks: NodeButtonCallbacks): NodeButtons {
  const buttons = new Map<string, HTMLButtonElement>();
  const idOf = new WeakMap<Element, string>();
  const painted = new Map<string, string>();
  let ordered: readonly NodeDatum[] = [];
  let inLayout = new Set<string>();
  let tabStop: string | null = null;
  let focused: string | null = null;
  let cancelPlacing: (() => void) | null = null;

  /** A node's button, known by id from here on; the caller puts it in the list. */
  function create(id: string): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'graph-node';
    button.tabIndex = id === tabStop ? 0 : -1;
    button.setAttribute('data-testid', `graph-node-${id}`);
    idOf.set(button, id);
    buttons.set(id, button);
    return button;
  }

  /** The node's button, made (and put at the list's end until its slice places it) when it is not there yet. */
  function buttonOf(id: string): HTMLButtonElement {
    const existing = buttons.get(id);
    if (existing) return existing;
    const button = create(id);
    list.append(button);
    labelCurrent();
    return button;
  }

  function labelCurrent(): void {
    const { nodes, selectedId } = callbacks.current();
    label(nodes, selectedId);
  }

  function label(nodes: readonly NodeDatum[], selectedId: string | null): void {
    for (const d of nodes) {
      const button = buttons.get(d.id);
      if (!button) continue;
      const selected = d.id === selectedId;
      const signature = `${d.state}\u0000${d.label}\u0000${d.sublabel ?? ''}\u0000${selected}`;
      if (painted.get(d.id) === signature) continue;
      painted.set(d.id, signature);
      button.setAttribute('data-state', d.state);
      button.setAttribute('data-kind', d.kind);
      button.setAttribute('aria-label', accessibleName(d));
      button.setAttribute('aria-pressed', String(selected));
    }
    // The keyboard's one stop: the selected node, else the first in reading order (its button may still be coming).
    if (tabStop === null || !inLayout.has(tabStop)) setTabStop(selectedId !== null && inLayout.has(selectedId) ? selectedId : (ordered[0]?.id ?? null));
    else if (selectedId !== null && inLayout.has(selectedId) && focused === null) setTabStop(selectedId);
  }

  function place(next: readonly NodeDatum[], done: () => void): void {
    ordered = next;
    inLayout = new Set(next.map((d) => d.id));
    for (const [id, button] of buttons) {
      if (inLayout.has(id)) continue;
      button.remove();
      buttons.delete(id);
      painted.delete(id);
    }
    cancelPlacing?.();
    cancelPlacing = inSlices(
      next.length,
      BUTTONS_PER_TASK,
      (start, end) => {
        const fragment = document.createDocumentFragment();
        for (let i = start; i < end; i++) fragment.append(buttons.get(next[i]!.id) ?? create(next[i]!.id));
        list.append(fragment);
        labelCurrent();
      },
      () => {
        cancelPlacing = null;
        done();
      },
    );
  }

  function setTabStop(id: string | null): void {
    if (id === tabStop) return;
    if (tabStop !== null) buttons.get(tabStop)?.setAttribute('tabindex', '-1');
    tabStop = id;
    if (id !== null) buttons.get(id)?.setAttribute('tabindex', '0');
  }

  function focus(id: string, options?: FocusOptions): void {
    setTabStop(id);
    buttonOf(id).focus(options);
  }

  // One listener per kind on the list, not four per button: a 1,000-node layout created 4,000 closures and listeners
  // in the task that applied it. focus and blur do not bubble; focusin and focusout do.
  const target = (event: Event): string | undefined => (event.target instanceof Element ? idOf.get(event.target) : undefined);
  const onClick = (event: MouseEvent) => {
    const id = target(event);
    if (id === undefined) return;
    setTabStop(id);
    callbacks.onSelect(id);
  };
  const onKeydown = (event: KeyboardEvent) => {
    const id = target(event);
    if (id === undefined) return;
    const next = rovingTarget(ordered, ordered.findIndex((d) => d.id === id), event.key);
    if (!next) return;
    event.preventDefault();
    focus(next.id);
  };
  const onFocusin = (event: FocusEvent) => {
    const id = target(event);
    if (id === undefined) return;
    setTabStop(id);
    focused = id;
    callbacks.onFocusChange(id);
  };
  const onFocusout = (event: FocusEvent) => {
    const id = target(event);
    if (id === undefined) return;
    if (focused === id) focused = null;
    callbacks.onFocusChange(null);
  };
  list.addEventListener('click', onClick);
  list.addEventListener('keydown', onKeydown);
  list.addEventListener('focusin', onFocusin);
  list.addEventListener('focusout', onFocusout);

  return {
    get focused() {
      return focused;
    },
    place,
    label,
    focus,
    destroy() {
      cancelPlacing?.();
      list.removeEventListener('click', onClick);
      list.removeEventListener('keydown', onKeydown);
      list.removeEventListener('focusin', onFocusin);
      list.removeEventListener('focusout', onFocusout);
      buttons.clear();
    },
  };
}
