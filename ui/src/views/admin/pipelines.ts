/**
 * The pipeline editor: each pipeline's stages in order with their probability and kind
 * (open, won, lost), which pipeline is the default; edited as a draft, saved whole.
 */
import { button, confirmDialog } from '../../components';
import { h, uid } from '../../dom';
import { api } from '../../api';
import { setPipelines } from '../../sales-data';
import { freeId } from '../../security';
import { KIND_LABELS } from '../opportunities';
import type { Pipeline, PipelineSettings, SettingsDocument, StageKind } from '../records';
import { documentPage, type DocumentContext } from './document-page';

const KINDS: StageKind[] = ['open', 'won', 'lost'];

export function pipelinesView(root: HTMLElement): Promise<void> {
  let draft: PipelineSettings | null = null;
  /** stage and pipeline ids that are saved already: those cannot be renamed (deals point at them) */
  let saved = new Set<string>();
  return documentPage<PipelineSettings>(root, {
    page: 'pipelines',
    title: 'Pipelines',
    what: 'the pipelines',
    intro: 'Each pipeline is an ordered list of stages. A stage’s probability is the default for deals in it; won and lost stages close a deal. A stage that still holds deals cannot be removed: move its deals first.',
    load: async () => {
      // Always the latest (a reload after a 409 must not get a cached copy), and the draft starts over.
      draft = null;
      const doc = await api<SettingsDocument<PipelineSettings>>('GET', '/pipelines');
      setPipelines(doc);
      return doc;
    },
    putPath: '/admin/pipelines',
    onSaved: (doc) => {
      setPipelines(doc);
      draft = null;
    },
    pathLabel: (path, settings) => {
      const [, p, , s, ...rest] = path;
      const pipeline = (draft ?? settings).pipelines[Number(p)];
      if (path[0] !== 'pipelines' || !pipeline) return path.join(' › ');
      const stage = s !== undefined ? pipeline.stages[Number(s)] : undefined;
      return [pipeline.name || `pipeline ${Number(p) + 1}`, path[2] === 'stages' ? (stage ? `stage ${Number(s) + 1} (${stage.name || stage.stageId})` : 'stages') : path[2], ...rest].filter(Boolean).join(' › ');
    },
    render: (ctx) => {
      if (!draft) {
        draft = structuredClone(ctx.doc.settings);
        saved = new Set(ctx.doc.settings.pipelines.flatMap((p) => [`p:${p.pipelineId}`, ...p.stages.map((s) => `s:${p.pipelineId}:${s.stageId}`)]));
      }
      return editor(ctx, draft, saved, () => {
        draft = null;
        ctx.redraw('Changes discarded.');
      });
    },
  });
}

function editor(ctx: DocumentContext<PipelineSettings>, draft: PipelineSettings, saved: Set<string>, discard: () => void): HTMLElement {
  const redraw = () => ctx.redraw();
  const numberInput = (value: number, label: string, path: string, set: (n: number) => void) => {
    const input = h('input', { type: 'number', min: 0, max: 100, step: 1, value: String(value), 'aria-label': label, 'data-path': path, class: 'narrow' });
    input.addEventListener('input', () => set(input.value === '' ? NaN : Number(input.value)));
    return input;
  };
  const textInput = (value: string, label: string, path: string, set: (v: string) => void, attrs: Record<string, unknown> = {}) => {
    const input = h('input', { type: 'text', value, 'aria-label': label, 'data-path': path, ...attrs });
    input.addEventListener('input', () => set(input.value));
    return input;
  };

  const pipelineCard = (p: Pipeline, pi: number) => {
    const headingId = uid('pipeline');
    const isSaved = saved.has(`p:${p.pipelineId}`);
    const move = (si: number, by: number) => {
      const [stage] = p.stages.splice(si, 1);
      p.stages.splice(si + by, 0, stage!);
      redraw();
    };
    const rows = p.stages.map((s, si) => {
      const label = s.name || `stage ${si + 1}`;
      const at = `${p.name || `Pipeline ${pi + 1}`}, stage ${si + 1}`;
      const stageSaved = saved.has(`s:${p.pipelineId}:${s.stageId}`);
      const kind = h(
        'select',
        { 'aria-label': `${at}: kind`, 'data-path': `pipelines.${pi}.stages.${si}.kind` },
        KINDS.map((k) => h('option', { value: k, selected: k === s.kind }, KIND_LABELS[k])),
      );
      kind.addEventListener('change', () => (s.kind = kind.value as StageKind));
      return h(
        'tr',
        null,
        h('td', { 'data-label': 'Order' }, String(si + 1)),
        h('td', { 'data-label': 'Name' }, textInput(s.name, `${at}: name`, `pipelines.${pi}.stages.${si}.name`, (v) => (s.name = v), { maxlength: 100 })),
        h(
          'td',
          { 'data-label': 'Id' },
          stageSaved ? h('code', null, s.stageId) : textInput(s.stageId, `${at}: id`, `pipelines.${pi}.stages.${si}.stageId`, (v) => (s.stageId = v.trim()), { maxlength: 63 }),
        ),
        h('td', { 'data-label': 'Probability (%)' }, numberInput(s.probability, `${at}: probability (%)`, `pipelines.${pi}.stages.${si}.probability`, (n) => (s.probability = n))),
        h('td', { 'data-label': 'Kind' }, kind),
        h(
          'td',
          { 'data-label': 'Actions' },
          h(
            'span',
            { class: 'actions' },
            si > 0 ? button('Up', () => move(si, -1), 'secondary', { 'aria-label': `Move ${label} up in ${p.name || 'the pipeline'}` }) : null,
            si < p.stages.length - 1 ? button('Down', () => move(si, 1), 'secondary', { 'aria-label': `Move ${label} down in ${p.name || 'the pipeline'}` }) : null,
            button('Remove', () => (p.stages.splice(si, 1), redraw()), 'danger', { 'aria-label': `Remove ${label} from ${p.name || 'the pipeline'}` }),
          ),
        ),
      );
    });
    const isDefault = h('input', { type: 'radio', name: 'default-pipeline', checked: draft.defaultPipelineId === p.pipelineId, 'data-path': 'defaultPipelineId' });
    isDefault.addEventListener('change', () => (draft.defaultPipelineId = p.pipelineId));
    const nameInput = textInput(p.name, `Pipeline ${pi + 1} name`, `pipelines.${pi}.name`, (v) => (p.name = v), { maxlength: 100 });
    return h(
      'section',
      { class: 'card pipeline-edit', 'aria-labelledby': headingId },
      h('h2', { id: headingId }, p.name || `New pipeline ${pi + 1}`),
      h(
        'div',
        { class: 'inline-form' },
        h('label', null, 'Name ', nameInput),
        isSaved
          ? h('span', null, 'Id ', h('code', null, p.pipelineId))
          : h('label', null, 'Id ', textInput(p.pipelineId, `Pipeline ${pi + 1} id`, `pipelines.${pi}.pipelineId`, (v) => (p.pipelineId = v.trim()), { maxlength: 63 })),
        h('label', { class: 'check' }, isDefault, ' Default pipeline'),
      ),
      h(
        'table',
        { class: 'table stages-table', 'data-path': `pipelines.${pi}.stages` },
        h('caption', null, `Stages of ${p.name || 'this pipeline'}, in order`),
        h('thead', null, h('tr', null, ['Order', 'Name', 'Id', 'Probability (%)', 'Kind', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, rows),
      ),
      h(
        'div',
        { class: 'actions' },
        button('Add stage', () => {
          p.stages.push({ stageId: freeId('stage', p.stages.map((s) => s.stageId)), name: '', probability: 50, kind: 'open' });
          redraw();
          document.querySelector<HTMLInputElement>(`[data-path="pipelines.${pi}.stages.${p.stages.length - 1}.name"]`)?.focus();
        }, 'secondary', { 'aria-label': `Add a stage to ${p.name || 'this pipeline'}` }),
        button(
          'Remove pipeline',
          async () => {
            if (!(await confirmDialog(`Remove the pipeline ${p.name}? It cannot go while it holds deals.`, 'Remove'))) return;
            draft.pipelines.splice(pi, 1);
            if (draft.defaultPipelineId === p.pipelineId) draft.defaultPipelineId = draft.pipelines[0]?.pipelineId ?? '';
            redraw();
          },
          'danger',
          { 'aria-label': `Remove the pipeline ${p.name}` },
        ),
      ),
    );
  };

  const check = (): string | null => {
    for (const p of draft.pipelines) for (const s of p.stages) if (!Number.isInteger(s.probability) || s.probability < 0 || s.probability > 100) return `The probability of ${s.name || s.stageId} in ${p.name} must be a whole number from 0 to 100.`;
    return null;
  };
  return h(
    'div',
    { class: 'pipelines-editor' },
    draft.pipelines.map(pipelineCard),
    h(
      'div',
      { class: 'actions sticky-actions' },
      button('Add pipeline', () => {
        const pipelineId = freeId('pipeline', draft.pipelines.map((p) => p.pipelineId));
        draft.pipelines.push({
          pipelineId,
          name: '',
          stages: [
            { stageId: 'open', name: 'Open', probability: 20, kind: 'open' },
            { stageId: 'won', name: 'Won', probability: 100, kind: 'won' },
            { stageId: 'lost', name: 'Lost', probability: 0, kind: 'lost' },
          ],
        });
        redraw();
      }),
      button(
        'Save pipelines',
        () => {
          const problem = check();
          if (problem) return ctx.refuse(problem);
          void ctx.save(structuredClone(draft), 'Pipelines saved.');
        },
        'primary',
      ),
      button('Discard changes', discard),
    ),
  );
}
