import { useCallback, useEffect, useRef, useState } from 'react';
import { lessonNamed } from '../../authoring/lessons';
import type { EmbedParams } from '../../embed/embedParams';
import { EMBED_PROTOCOL_VERSION, type EmbedRunState, type HostMessage } from '../../embed/protocol';
import { usePlayground, usePlaygroundClient, usePlaygroundStore } from '../PlaygroundContext';
import { listenToHost, type EmbedHostLink } from './embedHost';
import { runEmbedded, type EmbedFile } from './embedRunner';
import { openSharedFile } from './sharedFile';

/** The housing lesson, shown when the URL names no lesson and carries no shared pipeline. */
const FALLBACK_LESSON = 'producer-consumer';

export interface EmbedSession {
  /** The file as loaded (lesson, shared link or pp:load); the editor's copy may differ. */
  readonly file: EmbedFile | null;
  /** A new value each time a file is loaded: the editor starts a fresh document. */
  readonly fileKey: number;
  readonly notice: string | null;
  readonly running: boolean;
  readonly error: string | null;
  /** This session's runs (the latest Run), in creation order. */
  readonly runs: readonly EmbedRunState[];
  /** The editor's text changed: the next Run deploys that. */
  edit(text: string): void;
  run(dagId?: string, requestId?: number): void;
}

/** A lesson's file at once; a shared pipeline's once decoded (null meanwhile). */
function initialFile(params: EmbedParams): EmbedFile | null {
  if (params.sharePayload !== null) return null;
  const lesson = lessonNamed(params.lesson ?? FALLBACK_LESSON);
  return lesson ? { name: lesson.fileName, text: lesson.text } : null;
}

/**
 * The embed's state and its two drivers: the buttons, and the host page through postMessage. Nothing runs until one of
 * them asks (a stranger's code never runs on load).
 */
export function useEmbedSession(params: EmbedParams): EmbedSession {
  const client = usePlaygroundClient();
  const store = usePlaygroundStore();
  const status = usePlayground((s) => s.status);
  const [file, setFile] = useState<EmbedFile | null>(() => initialFile(params));
  const [fileKey, setFileKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(params.sharePayload !== null ? 'Opening the shared pipeline…' : null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [runs, setRuns] = useState<readonly EmbedRunState[]>([]);
  const text = useRef<string | null>(file?.text ?? null);
  const busy = useRef(false);
  const host = useRef<EmbedHostLink | null>(null);

  const run = useCallback(
    (dagId?: string, requestId?: number) => {
      const answer = (message: string) => {
        setError(message);
        host.current?.send({ type: 'pp:error', message, ...(requestId === undefined ? {} : { requestId }) });
      };
      if (busy.current) return answer('A run is under way: wait for it to end.');
      if (store.getState().status !== 'ready') return answer('The playground is still starting.');
      if (!file || text.current === null) return answer('There is no file to run: load one first.');
      const lesson = lessonNamed(file.name.replace(/\.ts$/, ''));
      busy.current = true;
      setRunning(true);
      setError(null);
      setRuns([]);
      const seen = new Map<string, EmbedRunState>();
      void runEmbedded(client, store, {
        file: { name: file.name, text: text.current },
        ...(dagId === undefined ? {} : { dagId }),
        ...(lesson ? { lessonCheck: lesson.check } : {}),
        onRunState(state) {
          seen.set(state.runId, state);
          setRuns([...seen.values()]);
          host.current?.send({ type: 'pp:run-state', ...state });
        },
      }).then((outcome) => {
        busy.current = false;
        setRunning(false);
        if (!outcome.ok) return answer(outcome.error);
        setRuns(outcome.runs);
        host.current?.send({ type: 'pp:run-finished', runs: [...outcome.runs], ok: outcome.succeeded, ...(requestId === undefined ? {} : { requestId }) });
      });
    },
    [client, store, file],
  );

  // The host's messages reach the latest state through a ref: the listener is added once.
  const onHost = useRef<(message: HostMessage) => void>(() => undefined);
  onHost.current = (message) => {
    const reply = message.requestId === undefined ? {} : { requestId: message.requestId };
    switch (message.type) {
      case 'pp:load':
        if (busy.current) {
          host.current?.send({ type: 'pp:error', message: 'A run is under way: load the file once it ends.', ...reply });
          return;
        }
        text.current = message.file.text;
        setFile(message.file);
        setFileKey((key) => key + 1);
        setRuns([]);
        setError(null);
        host.current?.send({ type: 'pp:loaded', fileName: message.file.name, ...reply });
        return;
      case 'pp:run':
        run(message.dagId, message.requestId);
        return;
      case 'pp:get-state':
        host.current?.send({
          type: 'pp:state',
          ...reply,
          embedId: params.id,
          status: store.getState().status,
          fileName: file?.name ?? null,
          running: busy.current,
          runs: [...runs],
        });
        return;
    }
  };

  useEffect(() => {
    const link = listenToHost({
      self: window,
      parent: window.parent === window ? null : window.parent,
      ownOrigin: window.location.origin,
      origins: params.origins,
      onMessage: (message) => onHost.current(message),
    });
    host.current = link;
    return () => {
      link.stop();
      host.current = null;
    };
  }, [params.origins]);

  useEffect(() => {
    if (status === 'ready') host.current?.send({ type: 'pp:ready', embedId: params.id, version: EMBED_PROTOCOL_VERSION });
  }, [status, params.id]);

  // A shared pipeline is decoded once (never run: only Run or a host's pp:run starts anything).
  useEffect(() => {
    if (params.sharePayload === null) return;
    let live = true;
    void openSharedFile(params.sharePayload).then((opened) => {
      if (!live) return;
      if (!opened.ok) return setNotice(opened.error);
      text.current = opened.file.text;
      setFile(opened.file);
      setFileKey((key) => key + 1);
      setNotice(null);
    });
    return () => {
      live = false;
    };
  }, [params.sharePayload]);

  const edit = useCallback((next: string) => {
    text.current = next;
  }, []);

  return { file, fileKey, notice, running, error, runs, edit, run };
}
