// Export Reranked Results: in the input's own shape (each chunk gains a `rerank` field) or as a
// Cohere-style rerank response. Sets not scored yet are scored first (asked, with progress and
// cancel), or the export says exactly which it covers ("3 of 40 queries"); a selection's export
// carries the query, model, dtype, max length and threshold. The command takes at most `{ style }`:
// the destination always comes from the save dialog, so a command link cannot write a file anywhere.
// The test API calls exportResultsTo() with a destination (and whether to score what is missing).
import * as path from 'node:path';
import * as vscode from 'vscode';
import { exportReranked } from '../core/export/index';
import { withShownScores } from '../core/export/shown';
import { rankChunks, selectKept, type RankedSet } from '../core/rank';
import { RerankPanel } from '../panel/RerankPanel';
import type { Services } from '../host/services';
import { notify } from '../host/notify';
import { writeFileAtomic } from '../node/atomicWrite';
import { exportWouldOverwriteInput } from '../node/fileIdentity';
import { FALLBACK_PAIRS_PER_SECOND, formatDuration } from '../host/largeRun';
import { modelSpec, runOptions } from '../host/settings';
import { LocalScorer } from '../session/localScorer';
import type { RerankSession, ScoredSet } from '../session/session';
import type { PanelState } from '../panel/protocol';
import { parseExportArgs, type ExportStyle } from './exportArgs';

type Style = ExportStyle;
export type { ExportStyle };

export function exportResults(svc: Services, args?: unknown): Promise<vscode.Uri | undefined> {
  return exportResultsTo(svc, parseExportArgs(args).style, undefined);
}

/** What an export wrote: the sets with scores out of the sets that have chunks. */
export interface ExportCoverage {
  written: number;
  total: number;
  /** Sets left unscored because they have no query text. */
  noQuery: number;
  /** Sets left unscored because scoring was cancelled or failed. */
  unscored: number;
}

let lastCoverage: ExportCoverage | undefined;
/** The coverage of the last export (test API). */
export const lastExportCoverage = () => lastCoverage;

/** Export to `destination` without a dialog when given (test API), else ask with the save dialog.
 *  `scoreMissing` answers the "score the other sets first?" question without asking. */
export async function exportResultsTo(svc: Services, styleArg: Style | undefined, destination: vscode.Uri | undefined, opts: { scoreMissing?: boolean } = {}): Promise<vscode.Uri | undefined> {
  const panel = RerankPanel.current;
  await panel?.whenIdle();
  const scored = panel ? await panel.scoredSets() : undefined;
  if (!panel || !scored || scored.sets.length === 0) {
    void notify.info('Rerank Lens: nothing to export yet. Rerank a selection or a file first.');
    return undefined;
  }
  const input = scored.session.input;
  const withChunks = input.result.sets.map((s, i) => ({ s, i })).filter((x) => x.s.chunks.length > 0);
  const have = new Set(scored.sets.map((x) => x.setIndex));
  const missing = withChunks.filter((x) => !have.has(x.i));
  const noQuery = missing.filter((x) => !x.s.query?.trim()).length;
  const scorable = missing.filter((x) => x.s.query?.trim());
  if (scorable.length > 0) {
    // Without a dialog (the test API's destination) nothing is asked: only the scored sets go out.
    let score = opts.scoreMissing ?? (destination ? false : undefined);
    if (score === undefined) {
      const answer = await notify.ask(
        `Rerank Lens: ${have.size} of ${withChunks.length} queries in ${input.source.label} are scored.`,
        `Score the other ${scorable.length} before exporting (their own queries, the current model: ${scorable.reduce((n, x) => n + x.s.chunks.length, 0).toLocaleString('en-US')} pairs, about ${formatDuration((scorable.reduce((n, x) => n + x.s.chunks.length, 0) / (svc.throughput() ?? FALLBACK_PAIRS_PER_SECOND)) * 1000)}), or export only the ${have.size} scored? Unscored sets are written without rerank fields.`,
        'Score All and Export',
        'Export Scored Only',
      );
      if (answer === undefined) return undefined;
      score = answer === 'Score All and Export';
    }
    if (score) scored.sets.push(...(await scoreMissingSets(svc, scored.session, scorable.map((x) => ({ setIndex: x.i, query: x.s.query!.trim() })))));
  }
  scored.sets.sort((a, b) => a.setIndex - b.setIndex);
  const sourceUri = input.source.uri ? vscode.Uri.parse(input.source.uri) : undefined;
  let text = input.text;
  if (text === undefined && input.source.kind === 'file' && sourceUri) {
    try {
      const stat = await vscode.workspace.fs.stat(sourceUri);
      if ((stat.type & vscode.FileType.Directory) === 0) text = new TextDecoder().decode(await vscode.workspace.fs.readFile(sourceUri));
    } catch (e) {
      svc.log.warn(`Could not re-read ${sourceUri.toString()} for export: ${String(e)}`);
    }
  }

  let style: Style | undefined = styleArg;
  if (!style) {
    const items: (vscode.QuickPickItem & { style: Style })[] = [
      { label: 'Same shape as the input', detail: 'Each chunk gains a "rerank" field (score, probability, rank, kept); lists are reordered', style: 'same' },
      { label: 'Cohere rerank response', detail: '{ results: [{ index, relevance_score, document }] } per query', style: 'cohere' },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Export Reranked Results' });
    if (!picked) return undefined;
    style = picked.style;
  }
  if (style === 'same' && text === undefined) {
    svc.log.warn('Export: the original text is not available (restored panel or a folder input); chunks without a table/run shape are written as a JSON list.');
  }

  const state = panel.getState();
  const coverage: ExportCoverage = { written: scored.sets.length, total: withChunks.length, noQuery, unscored: withChunks.length - scored.sets.length - noQuery };
  lastCoverage = coverage;
  const ranked: RankedSet[] = [];
  for (const s of scored.sets) {
    const original = input.result.sets[s.setIndex];
    if (!original) continue;
    const set = original.query === s.query ? original : { ...original, query: s.query };
    const r = rankChunks(set.chunks, s.scores);
    ranked.push({ set, ranked: r, kept: selectKept(r, { threshold: state.threshold, topK: state.topK }) });
  }
  // `score` is the number the panel shows first (rerankLens.scoreDisplay; by default what
  // CrossEncoder.predict returns for the model), with the probability and the logit beside it.
  const out = exportReranked({ text: text ?? '', result: input.result }, withShownScores(ranked, state.display), style);
  if (input.source.kind === 'selection' && out.fileExtension.replace(/^\./, '') === 'json') out.text = withRunFacts(out.text, state, svc.settings().maxLength);
  for (const d of out.diagnostics) (d.severity === 'error' ? svc.log.error : svc.log.warn)(`Export: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
  const failure = out.diagnostics.find((d) => d.severity === 'error');
  if (failure || out.text === '') {
    void notify.error(`Rerank Lens: ${failure?.message ?? 'export produced nothing.'}`, 'Show Log').then((x) => (x ? svc.log.show() : undefined));
    return undefined;
  }
  const warning = out.diagnostics.find((d) => d.severity === 'warning');
  if (warning) void notify.warn(`Rerank Lens: ${warning.message}`);

  let target = destination;
  if (!target) {
    const ext = out.fileExtension.replace(/^\./, '');
    const base = sourceUri ? path.basename(sourceUri.path).replace(/\.[^.]+$/, '') : 'selection';
    const dir = sourceUri && input.source.kind === 'file' ? vscode.Uri.joinPath(sourceUri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${base}.reranked${style === 'cohere' ? '.cohere' : ''}.${ext}`;
    target = await vscode.window.showSaveDialog({
      title: 'Export Reranked Results',
      defaultUri: dir ? vscode.Uri.joinPath(dir, name) : undefined,
      filters: { [ext.toUpperCase()]: [ext] },
    });
    if (!target) return undefined;
  }
  if (target.scheme === 'file') {
    // The guard compares real file identity (symlinks, hard links, a file inside a BEIR input folder),
    // not path strings; the write is atomic (temp file + rename), so a failed export leaves what was there.
    if (sourceUri?.scheme === 'file' && exportWouldOverwriteInput(target.fsPath, sourceUri.fsPath)) {
      void notify.error(`Rerank Lens: ${vscode.workspace.asRelativePath(target, false)} is the input (or a link to it); exporting there would overwrite it. Choose another file.`);
      return undefined;
    }
    try {
      await writeFileAtomic(target.fsPath, out.text);
    } catch (e) {
      svc.log.error(`Export to ${target.fsPath} failed`, e);
      void notify.error(`Rerank Lens: could not write ${vscode.workspace.asRelativePath(target, false)}: ${e instanceof Error ? e.message : String(e)}. Nothing was changed there.`, 'Show Log').then((x) => (x ? svc.log.show() : undefined));
      return undefined;
    }
  } else {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(out.text));
  }
  const covers = describeCoverage(coverage);
  svc.log.info(`Exported ${covers} (${style}) to ${target.toString()}`);
  if (!destination) {
    void notify.info(`Rerank Lens: exported ${covers} to ${vscode.workspace.asRelativePath(target, false)}.`, 'Open').then((x) => {
      if (x === 'Open') void vscode.window.showTextDocument(target);
    });
  }
  return target;
}

/** "all 40 queries" or "3 of 40 queries (37 not scored: cancelled)". */
export function describeCoverage(c: ExportCoverage): string {
  const noun = (n: number) => `${n === 1 ? 'query' : 'queries'}`;
  if (c.written === c.total) return c.total === 1 ? 'the scored set' : `all ${c.total} ${noun(c.total)}`;
  const why = [c.unscored ? `${c.unscored} not scored` : '', c.noQuery ? `${c.noQuery} without a query` : ''].filter(Boolean).join(', ');
  return `${c.written} of ${c.total} ${noun(c.total)} with scores (${why}: written without rerank fields)`;
}

/** Scores sets one after another in the panel's session, with a cancellable progress notification. */
async function scoreMissingSets(svc: Services, session: RerankSession, sets: { setIndex: number; query: string }[]): Promise<ScoredSet[]> {
  const settings = svc.settings();
  // The engine scorer itself: the progress is this notification's (one per set would flash 40 times).
  const scorer = new LocalScorer(svc.engine(), modelSpec(settings, svc.modelCacheDir), runOptions(settings));
  const done: ScoredSet[] = [];
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Rerank Lens: scoring ${sets.length} more queries for the export`, cancellable: true },
    async (progress, token) => {
      token.onCancellationRequested(() => session.cancel());
      for (const [k, s] of sets.entries()) {
        if (token.isCancellationRequested) break;
        progress.report({ message: `${k + 1} of ${sets.length}`, increment: 100 / sets.length });
        const outcome = await session.run({ setIndex: s.setIndex, query: s.query, scorer });
        if (outcome.status === 'done') done.push(outcome.scored);
        else if (outcome.status === 'failed') {
          svc.log.error(`Export: scoring set ${s.setIndex + 1} failed: ${outcome.error.message}`);
          void notify.error(`Rerank Lens: scoring for the export stopped: ${outcome.error.message}`);
          break;
        } else if (outcome.status !== 'invalid') break;
      }
    },
  );
  return done;
}

/** A selection has no file to carry its context: the export says what produced the scores. */
function withRunFacts(text: string, state: PanelState, maxLength: number): string {
  try {
    const value = JSON.parse(text) as unknown;
    const facts = { query: state.query, model: state.model, dtype: state.dtype, maxLength, threshold: state.threshold, topK: state.topK };
    const add = (o: unknown) => (typeof o === 'object' && o !== null && !Array.isArray(o) ? { rerankLens: facts, ...(o as object) } : o);
    return `${JSON.stringify(Array.isArray(value) ? value.map(add) : add(value), null, 2)}\n`;
  } catch {
    return text;
  }
}
