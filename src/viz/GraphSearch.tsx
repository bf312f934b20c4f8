import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { displayText } from '../core/displayText';
import type { GraphNode } from './graphModel';
import { searchNodes } from './graphSearch';
import { groupDigits } from '../core/groupDigits';

export interface GraphSearchProps {
  nodes: readonly GraphNode[];
  /** What a node is, in words ("task"): the box's name and messages use it. */
  noun: string;
  /** Test id prefix: `<prefix>-search`, `-search-results`, `-search-option`, `-search-status`. */
  prefix: string;
  /** A result was chosen: bring it into view and select it. Returns false when the graph cannot show it yet. */
  onPick: (id: string) => boolean;
}

/** How many matches the list shows; the status says how many there are in all. */
const SHOWN = 8;

/**
 * Search by id on a large graph: an ARIA combobox (type, arrows through the matches, Enter or a click picks one,
 * Escape closes the list, then clears) whose pick pans and zooms the graph to the node and selects it. Matches rank the
 * id itself first, then ids starting with the text, then ids containing it (graphSearch.ts).
 */
export function GraphSearch({ nodes, noun, prefix, onPick }: GraphSearchProps) {
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [picked, setPicked] = useState<{ id: string; shown: boolean } | null>(null);
  const listId = useId();
  const optionId = (i: number) => `${listId}-option-${i}`;
  // Recomputed when the nodes change only while there is a query: a run re-sends every node on each state change.
  const result = useMemo(() => searchNodes(nodes, query, SHOWN), [nodes, query]);
  const expanded = open && result.ids.length > 0;

  const pick = (id: string) => {
    setOpen(false);
    setQuery(id);
    setPicked({ id, shown: onPick(id) });
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (result.ids.length === 0) return;
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((at) => (open ? (at + step + result.ids.length) % result.ids.length : 0));
        setOpen(true);
        return;
      }
      case 'Enter': {
        event.preventDefault();
        const id = result.ids[expanded ? active : 0];
        if (id !== undefined) pick(id);
        return;
      }
      case 'Escape':
        if (expanded) setOpen(false);
        else setQuery('');
        return;
    }
  };

  const status =
    query.trim() === ''
      ? ''
      : picked && picked.id === query
        ? picked.shown
          ? `Showing ${displayText(picked.id)}.`
          : `${displayText(picked.id)} is not laid out yet.`
        : result.total === 0
          ? `No ${noun} id contains "${displayText(query.trim(), { max: 40 })}".`
          : `${groupDigits(result.total)} ${noun}${result.total === 1 ? '' : 's'} match${result.total === 1 ? 'es' : ''}${result.total > SHOWN ? `; the first ${SHOWN} are listed` : ''}.`;

  return (
    <div className="graph-search">
      <input
        type="search"
        role="combobox"
        aria-label={`Find a ${noun} by id`}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? optionId(active) : undefined}
        placeholder={`Find a ${noun}…`}
        autoComplete="off"
        spellCheck={false}
        value={query}
        data-testid={`${prefix}-search`}
        onChange={(event) => {
          setQuery(event.currentTarget.value);
          setActive(0);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={`Matching ${noun}s`} className="graph-search-results" hidden={!expanded} data-testid={`${prefix}-search-results`}>
        {result.ids.map((id, i) => (
          <li
            key={id}
            id={optionId(i)}
            role="option"
            aria-selected={expanded && i === active}
            className={i === active ? 'is-active' : undefined}
            data-testid={`${prefix}-search-option`}
            data-id={id}
            // Keeps the focus in the box, so the pick happens before the list closes on blur.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => pick(id)}
          >
            <bdi className="user-text">{displayText(id, { max: 60 })}</bdi>
          </li>
        ))}
      </ul>
      <span className="graph-search-status" role="status" data-testid={`${prefix}-search-status`}>
        {status}
      </span>
    </div>
  );
}
