import { getConfig, signIn, type SignInResult } from '../api';
import { form, problemOf, setFieldError, textField, type FormHandle } from '../components';
import { fill, h } from '../dom';

export function loginView(root: HTMLElement, done: () => void): void {
  const email = textField({ name: 'email', label: 'Email', type: 'email', required: true, autocomplete: 'username' });
  const password = textField({ name: 'password', label: 'Password', type: 'password', required: true, autocomplete: 'current-password' });
  let pending: Extract<SignInResult, { ok: false }> | null = null;
  const newPassword = textField({ name: 'newPassword', label: 'New password', type: 'password', required: true, autocomplete: 'new-password', hint: 'This is your first sign-in: choose your own password.' });
  newPassword.wrap.hidden = true;
  // Only Cognito has first-sign-in password changes; the local issuer never asks.
  const fields = getConfig().authMode === 'cognito' ? [email, password, newPassword] : [email, password];

  const handle = form(fields, {
    label: 'Sign in',
    submitLabel: 'Sign in',
    onSubmit: async (f: FormHandle) => {
      f.clearErrors();
      try {
        const result = pending ? await pending.newPasswordRequired(newPassword.value()) : await signIn(email.value().trim(), password.value());
        if (result.ok) return done();
        pending = result;
        newPassword.wrap.hidden = false;
        newPassword.control.focus();
      } catch (error) {
        const problem = problemOf(error);
        if (problem.status === 401) {
          f.banner.show(problem.detail ?? 'The email or password is not right.');
          setFieldError(password, null);
          password.control.focus();
        } else f.showProblem(problem);
      }
    },
  });
  fill(root, h('div', { class: 'login card' }, h('h1', { tabindex: -1 }, 'Sign in to the CRM'), handle.el));
  email.control.focus();
}
