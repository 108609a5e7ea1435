/**
 * The admin pages of the sales settings documents (custom fields, pipelines, lead
 * scoring) share one flow, like the security pages: load the document, change a copy,
 * PUT it whole with the version read, and show a stale version (409) or invalid parts
 * (422, named like settings.pipelines.0.stages.2.name) without losing the page.
 */
import { api } from '../../api';
import { banner, button, problemOf } from '../../components';
import { fill, h, type Child } from '../../dom';
import type { Problem } from '../../problem';
import type { AdminPage } from '../../router';
import { formatDate } from '../../values';
import type { SettingsDocument } from '../records';
import { adminPage } from './layout';

export interface DocumentContext<T> {
  doc: SettingsDocument<T>;
  errors: ReturnType<typeof banner>;
  /** PUTs the settings; null once saved (the page is drawn again), else the problem (already shown). */
  save(settings: T, done: string): Promise<Problem | null>;
  redraw(message?: string): void;
  refuse(message: string): void;
}

export interface DocumentPageSpec<T> {
  page: AdminPage;
  title: string;
  /** "the pipelines", "the custom fields" */
  what: string;
  intro: string;
  load(): Promise<SettingsDocument<T>>;
  putPath: string;
  onSaved?(doc: SettingsDocument<T>): void;
  /** A readable name for an error path inside the settings ("New business › stage 2 › name"). */
  pathLabel?(path: string[], settings: T): string;
  render(ctx: DocumentContext<T>): Child;
}

/** An error name without the body's `settings.` prefix, as the data-path attributes name it. */
export const settingsErrorPath = (name: string, pointer = '') => (name || pointer.replace(/^#?\//, '').replace(/\//g, '.')).replace(/^settings\.?/, '');

export async function documentPage<T>(root: HTMLElement, spec: DocumentPageSpec<T>): Promise<void> {
  const errors = banner();
  errors.el.tabIndex = -1;
  fill(root, ...adminPage(spec.page, spec.title, []), h('p', { class: 'status', role: 'status' }, 'Loading…'));
  let doc: SettingsDocument<T>;
  try {
    doc = await spec.load();
  } catch (error) {
    fill(root, ...adminPage(spec.page, spec.title, []), errors.el);
    errors.show(problemOf(error));
    return;
  }

  const showProblem = (problem: Problem) => {
    root.querySelectorAll('[data-path][aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
    if (problem.status === 409) {
      errors.show(`Someone else changed ${spec.what} after you opened this page. Nothing was saved.`, button('Reload the latest version', () => void documentPage(root, spec), 'primary'));
    } else if (problem.errors?.length) {
      const items = problem.errors.map((e) => {
        const path = settingsErrorPath(e.name, e.pointer);
        root.querySelector(`[data-path="${CSS.escape(path)}"]`)?.setAttribute('aria-invalid', 'true');
        const label = spec.pathLabel?.(path.split('.'), doc.settings) ?? path.split('.').join(' › ');
        return h('li', null, label ? `${label}: ` : '', e.detail);
      });
      errors.show(`Nothing was saved. ${problem.detail ?? problem.title}:`);
      errors.el.appendChild(h('ul', null, items));
    } else errors.show(problem);
    errors.el.focus();
  };

  const ctx: DocumentContext<T> = {
    get doc() {
      return doc;
    },
    errors,
    async save(settings, done) {
      errors.clear();
      try {
        doc = await api<SettingsDocument<T>>('PUT', spec.putPath, { settings, version: doc.version });
        spec.onSaved?.(doc);
        draw(done);
        return null;
      } catch (error) {
        const problem = problemOf(error);
        showProblem(problem);
        return problem;
      }
    },
    redraw: (message) => draw(message),
    refuse(message) {
      errors.show(message);
      errors.el.focus();
    },
  };

  function draw(message?: string) {
    const flash = message ? h('p', { class: 'flash', role: 'status', tabindex: -1 }, message) : null;
    fill(
      root,
      ...adminPage(spec.page, spec.title, []),
      h('p', { class: 'muted' }, spec.intro),
      flash,
      errors.el,
      spec.render(ctx),
      h('p', { class: 'meta' }, `Version ${doc.version}`, doc.version ? ` · last changed ${formatDate(doc.updatedAt)}` : ' · the built-in defaults, not saved yet'),
    );
    flash?.focus();
  }
  draw();
}
