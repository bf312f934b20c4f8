/**
 * Geometry of one graph node: its size from its text and the outline for its kind. Tasks, datasets and DAGs get
 * different outlines so the kind reads from the shape alone (not just from colour or wording). Pure, no DOM: the view
 * turns these descriptions into SVG elements.
 */

export type NodeKind = 'task' | 'dataset' | 'dag';

/** One SVG element of a node's outline. `fill` parts take the state's fill; `line` parts are outline-only details. */
export type ShapePart =
  | { role: 'fill' | 'line'; tag: 'rect'; x: number; y: number; width: number; height: number; rx: number }
  | { role: 'fill' | 'line'; tag: 'path'; d: string };

export const NODE_HEIGHT = 52;
export const MIN_NODE_WIDTH = 150;
export const MAX_NODE_WIDTH = 260;

/** Where the icon's centre and the text's left edge sit, measured from the node's left side. */
export const ICON_X = 17;
export const TEXT_X = 32;
const TEXT_RIGHT_PADDING = 10;

// Average advance widths of the label (13px, semibold) and sublabel (11px) fonts. Measuring real text would need the
// DOM and a laid-out font, which would make layout depend on rendering; an estimate keeps it pure and deterministic,
// and truncation with a full-text tooltip covers the cases where the estimate is short.
const LABEL_CHAR_WIDTH = 7.6;
const SUBLABEL_CHAR_WIDTH = 6.3;

// Height of the cylinder's elliptical top and bottom for dataset nodes (half of it, the ellipse's y radius).
const CYLINDER_RY = 6;
// Gap between the two borders of a DAG node.
const DOUBLE_BORDER_INSET = 3.5;

export function nodeWidthFor(label: string, sublabel = ''): number {
  const needed = TEXT_X + TEXT_RIGHT_PADDING + Math.max(label.length * LABEL_CHAR_WIDTH, sublabel.length * SUBLABEL_CHAR_WIDTH);
  // Rounded up, so fitLabel (which divides the same width back) never cuts a label the width was sized for.
  return Math.ceil(Math.min(MAX_NODE_WIDTH, Math.max(MIN_NODE_WIDTH, needed)));
}

/** `text` cut to what fits into a node of `width`, with an ellipsis when cut. */
export function fitLabel(text: string, width: number, kind: 'label' | 'sublabel'): string {
  const charWidth = kind === 'label' ? LABEL_CHAR_WIDTH : SUBLABEL_CHAR_WIDTH;
  const maxChars = Math.max(1, Math.floor((width - TEXT_X - TEXT_RIGHT_PADDING) / charWidth));
  if (text.length <= maxChars) return text;
  // Never half of a surrogate pair before the ellipsis.
  const cut = /[\ud800-\udbff]$/.test(text.slice(0, maxChars - 1)) ? maxChars - 2 : maxChars - 1;
  return `${text.slice(0, cut)}…`;
}

/**
 * Vertical offset of a node's text block: a dataset's cylinder top takes room at the top, so its text moves down a
 * little to look centred in the body.
 */
export function textOffsetFor(kind: NodeKind): number {
  return kind === 'dataset' ? CYLINDER_RY / 2 : 0;
}

export function shapeParts(kind: NodeKind, width: number, height: number): ShapePart[] {
  switch (kind) {
    case 'task':
      // Airflow draws tasks as rounded boxes.
      return [{ role: 'fill', tag: 'rect', x: 0, y: 0, width, height, rx: 8 }];
    case 'dataset': {
      // A cylinder, the usual "stored data" symbol: body with elliptical top and bottom, plus the front rim of the
      // top so it reads as a lid.
      const rx = width / 2;
      const ry = CYLINDER_RY;
      const body =
        `M0,${ry} A${rx},${ry} 0 0 1 ${width},${ry} V${height - ry} ` + `A${rx},${ry} 0 0 1 0,${height - ry} Z`;
      const rim = `M0,${ry} A${rx},${ry} 0 0 0 ${width},${ry}`;
      return [
        { role: 'fill', tag: 'path', d: body },
        { role: 'line', tag: 'path', d: rim },
      ];
    }
    case 'dag': {
      // A double border: a DAG is a container of tasks, not a single step.
      const inset = DOUBLE_BORDER_INSET;
      return [
        { role: 'fill', tag: 'rect', x: 0, y: 0, width, height, rx: 4 },
        { role: 'line', tag: 'rect', x: inset, y: inset, width: width - 2 * inset, height: height - 2 * inset, rx: 2 },
      ];
    }
    default:
      return assertNeverKind(kind);
  }
}

function assertNeverKind(kind: never): never {
  throw new Error(`Unknown node kind: ${JSON.stringify(kind)}`);
}
