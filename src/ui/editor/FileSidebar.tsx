import { useRef } from 'react';
import { LESSONS } from '../../authoring/lessons';
import type { WorkspaceFile } from '../../runtime/workspace/workspace';
import type { SharedGroup } from '../share/useSharedLinks';
import { sharedFileRef } from './fileRef';

export interface FileSidebarProps {
  readonly files: readonly WorkspaceFile[];
  /** Share links' scratch workspaces, each its own group beside the own files. */
  readonly groups?: readonly SharedGroup[];
  /** The open file's ref: an own name, or `shared/<id>/<name>`. */
  readonly current: string | null;
  onOpen(name: string): void;
  onNew(): void;
  onOpenFromDisk(file: File): void;
  onLesson(name: string): void;
}

/** The workspace's files, the lessons, and the ways to add a file. */
export function FileSidebar({ files, groups = [], current, onOpen, onNew, onOpenFromDisk, onLesson }: FileSidebarProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <aside className="editor-sidebar" aria-label="Files and lessons">
      <nav aria-label="Files" data-testid="editor-files" data-count={files.length}>
        <h3>Files</h3>
        <ul>
          {files.map((file) => {
            const differs = file.deployed !== null && file.deployed.text !== file.text;
            return (
              <li key={file.name}>
                <button
                  type="button"
                  className="editor-file"
                  aria-current={file.name === current ? 'true' : undefined}
                  data-testid={`editor-file-${file.name}`}
                  title={file.deployed ? (differs ? 'Draft differs from what was saved and run' : 'Saved and run as it is') : 'Not saved and run yet'}
                  onClick={() => onOpen(file.name)}
                >
                  <bdi>{file.name}</bdi>
                  {file.deployed && <span className="muted small">{differs ? ' · draft' : ' · running'}</span>}
                </button>
              </li>
            );
          })}
        </ul>
        <div className="editor-file-actions">
          <button type="button" data-testid="editor-new-file" onClick={onNew}>
            New file
          </button>
          <button type="button" data-testid="editor-open-file" onClick={() => input.current?.click()}>
            Open…
          </button>
          <input
            ref={input}
            type="file"
            accept=".ts,.js,.txt,text/plain"
            hidden
            data-testid="editor-file-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (file) onOpenFromDisk(file);
              event.target.value = '';
            }}
          />
        </div>
      </nav>
      {groups.map((group, index) => (
        <nav key={group.id} aria-label={groups.length > 1 ? `Shared link ${index + 1}` : 'Shared link'} className="editor-shared-files" data-testid="shared-files" data-share-id={group.id}>
          <h3>Shared link{groups.length > 1 ? ` ${index + 1}` : ''}</h3>
          <ul>
            {group.files.map((file) => {
              const ref = sharedFileRef(group.id, file.name);
              return (
                <li key={file.name}>
                  <button type="button" className="editor-file" aria-current={ref === current ? 'true' : undefined} data-testid={`shared-file-${file.name}`} title="From a share link, kept apart from your files" onClick={() => onOpen(ref)}>
                    <bdi>{file.name}</bdi>
                    {file.deployed && <span className="muted small"> · ran</span>}
                  </button>
                </li>
              );
            })}
          </ul>
        </nav>
      ))}
      <nav aria-label="Lessons" className="editor-lessons">
        <h3>Lessons</h3>
        <ul>
          {LESSONS.map((lesson) => (
            <li key={lesson.name}>
              <button type="button" data-testid={`editor-lesson-${lesson.name}`} title={lesson.teaches} onClick={() => onLesson(lesson.name)}>
                {lesson.title}
              </button>
            </li>
          ))}
        </ul>
      </nav>
    </aside>
  );
}
