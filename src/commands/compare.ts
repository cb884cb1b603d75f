// Compare Scorers: picks two or three scorers (the configured local model in fp32 and q8, the
// configured rerank servers, other local models named in rerankLens.compareScorers) and optionally the
// retriever's order, then the scope (the query on screen or every set of the input), and opens the
// compare view (src/panel/compare/) in the panel over the panel's own session.
// `args` ({ scorers: SPEC[] | 'retriever', scope }) skips the pickers (tests, command links).
import * as vscode from 'vscode';
import { compareSelectionProblem, initialComparePicks, RETRIEVER_SPEC } from '../core/compare/selection';
import { notify, safeLabel } from '../host/notify';
import { readScorerSettings, specScorerFor } from '../host/progressScorer';
import type { Services } from '../host/services';
import { modelKey, readSettings, shortModelName } from '../host/settings';
import { withScoreStore } from '../session/cachedScorer';
import type { CompareEntry } from '../panel/compare/compareHost';
import { RerankPanel } from '../panel/RerankPanel';

const RETRIEVER = RETRIEVER_SPEC;

export interface CompareArgs {
  scorers: string[];
  scope?: 'set' | 'all';
}

function parseArgs(args: unknown): CompareArgs | undefined {
  if (typeof args !== 'object' || args === null) return undefined;
  const a = args as Record<string, unknown>;
  if (!Array.isArray(a.scorers) || !a.scorers.every((x) => typeof x === 'string')) return undefined;
  return { scorers: a.scorers as string[], ...(a.scope === 'set' || a.scope === 'all' ? { scope: a.scope } : {}) };
}

/** What the picker offers: SPEC (or 'retriever') with a label. */
export function compareChoices(model: string, configured: string, extra: readonly string[]): { spec: string; label: string; description: string }[] {
  const out = [
    { spec: `local:${model}@fp32`, label: safeLabel(`${shortModelName(model)} (fp32)`), description: 'local engine' },
    { spec: `local:${model}@q8`, label: safeLabel(`${shortModelName(model)} (q8)`), description: 'local engine, int8 weights' },
  ];
  for (const spec of [configured, ...extra]) if (spec && !out.some((o) => o.spec === spec)) out.push({ spec, label: safeLabel(spec), description: spec.startsWith('local:') ? 'local engine' : 'rerank server' });
  out.push({ spec: RETRIEVER, label: "The retriever's order", description: 'the input order, as a ranking' });
  return out;
}

/** The scorer picker: it stays open while the pick cannot be compared, saying why in its title line. */
function pickScorers(choices: { spec: string; label: string; description: string }[], first: readonly string[]): Promise<string[] | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<{ spec: string; label: string; description: string }>();
    const hint = "Pick two or three scorers (and the retriever's order if you like); A, B, C follow the list order";
    qp.title = 'Rerank Lens: Compare Scorers';
    qp.canSelectMany = true;
    qp.items = choices;
    qp.selectedItems = choices.filter((c) => first.includes(c.spec));
    qp.placeholder = hint;
    let done = false;
    qp.onDidChangeSelection((sel) => {
      const problem = compareSelectionProblem(sel.map((c) => c.spec));
      qp.title = problem && sel.length > 0 ? `Rerank Lens: Compare Scorers: ${problem}` : 'Rerank Lens: Compare Scorers';
    });
    qp.onDidAccept(() => {
      const specs = qp.selectedItems.map((c) => c.spec);
      const problem = compareSelectionProblem(specs);
      if (problem) {
        qp.title = `Rerank Lens: Compare Scorers: ${problem}`;
        return;
      }
      done = true;
      resolve(specs);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}

export async function compareScorersCommand(svc: Services, args?: unknown): Promise<boolean> {
  const panel = RerankPanel.current;
  if (!panel) {
    void notify.warn('Rerank Lens: open a reranked set first (Rerank Selection, Rerank File or Open Labelled Set), then compare scorers on it.');
    return false;
  }
  const settings = readSettings();
  const given = parseArgs(args);
  let specs = given?.scorers;
  if (!specs) {
    const sc = readScorerSettings();
    const model = modelKey(settings);
    const choices = compareChoices(model, sc.scorer, sc.compareScorers);
    const first = initialComparePicks(choices.map((c) => c.spec), `local:${model}@fp32`, `local:${model}@q8`, sc.scorer);
    const picked = await pickScorers(choices, first);
    if (!picked) return false;
    specs = picked;
  }
  const problem = compareSelectionProblem(specs);
  if (problem) {
    void notify.warn(`Rerank Lens: ${problem}`);
    return false;
  }
  const session = await panel.currentSession();
  let scope = given?.scope;
  if (!scope) {
    const sets = session.input.result.sets.length;
    if (sets <= 1) scope = 'set';
    else {
      const p = await vscode.window.showQuickPick(
        [
          { label: 'This query', description: 'the set on screen', scope: 'set' as const },
          { label: `All ${sets} query sets`, description: 'with labels: metrics and recall-based thresholds', scope: 'all' as const },
        ],
        { title: 'Rerank Lens: Compare Scorers on' },
      );
      if (!p) return false;
      scope = p.scope;
    }
  }
  const store = await svc.scoreStore().catch(() => undefined);
  const entries: CompareEntry[] = [];
  for (const spec of specs) {
    if (spec === RETRIEVER) entries.push({ kind: 'retriever' });
    else {
      const scorer = await specScorerFor(svc, settings, spec, 'compareScorers');
      entries.push({ kind: 'scorer', scorer: store ? withScoreStore(scorer, store) : scorer });
    }
  }
  svc.log.info(`Compare: ${entries.map((e) => (e.kind === 'retriever' ? RETRIEVER : e.scorer.info().label)).join(' vs ')} on ${scope === 'all' ? 'every set' : 'the set on screen'}`);
  await panel.compare(entries, scope);
  return true;
}
