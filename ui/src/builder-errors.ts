/**
 * The builders' save errors (workflows, web forms): each problem marked on its input —
 * aria-invalid, a message linked by aria-describedby — all listed in the banner, focus on
 * the first; and cleared again before the next save.
 */
import { h, uid } from './dom';

interface Banner {
  el: HTMLElement;
  show(message: string): void;
  clear(): void;
}

export interface ErrorMarking {
  /** the data-path values that may hold an error's input, most precise first */
  targets: (path: string) => string[];
  label: (path: string) => string;
  idPrefix: string;
  /** where the message goes beside its input */
  place: (target: HTMLElement, message: HTMLElement) => void;
}

export function showBuilderErrors(root: HTMLElement, banner: Banner, list: { path: string; detail: string }[], intro: string, marking: ErrorMarking) {
  clearBuilderErrors(root, banner);
  let first: HTMLElement | null = null;
  const items = list.map((e) => {
    const target = marking
      .targets(e.path)
      .map((p) => root.querySelector<HTMLElement>(`[data-path="${CSS.escape(p)}"]`))
      .find((el): el is HTMLElement => !!el);
    if (target) {
      const id = uid(marking.idPrefix);
      const message = h('p', { class: 'field-error builder-error', id }, e.detail);
      if (target.tagName === 'FIELDSET') target.insertBefore(message, target.children[1] ?? null);
      else marking.place(target, message);
      target.setAttribute('aria-invalid', 'true');
      target.setAttribute('aria-describedby', [target.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
      first ??= target;
    }
    return h('li', null, `${marking.label(e.path)}: ${e.detail}`);
  });
  banner.show(intro);
  banner.el.appendChild(h('ul', null, items));
  ((first as HTMLElement | null) ?? banner.el).focus();
}

export function clearBuilderErrors(root: HTMLElement, banner: Banner) {
  banner.clear();
  root.querySelectorAll('.builder-error').forEach((el) => {
    const owner = root.querySelector(`[aria-describedby~="${CSS.escape(el.id)}"]`);
    if (owner) {
      const rest = (owner.getAttribute('aria-describedby') ?? '').split(' ').filter((v) => v && v !== el.id);
      if (rest.length) owner.setAttribute('aria-describedby', rest.join(' '));
      else owner.removeAttribute('aria-describedby');
      owner.removeAttribute('aria-invalid');
    }
    el.remove();
  });
}
