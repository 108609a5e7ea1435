/**
 * The forms' minimal default CSS, scoped under `.crm-form`, shared by the snippet (injected
 * once per page) and the hosted pages (inline). Everything a site may want to change is a
 * CSS variable with a fallback, so setting it on `.crm-form` or any ancestor wins:
 * --crm-form-font, --crm-form-text, --crm-form-bg, --crm-form-accent, --crm-form-accent-text,
 * --crm-form-error, --crm-form-border, --crm-form-radius, --crm-form-gap, --crm-form-padding,
 * --crm-form-max-width.
 */
export const CSS = `.crm-form{font-family:var(--crm-form-font,inherit);color:var(--crm-form-text,inherit);max-width:var(--crm-form-max-width,36rem);box-sizing:border-box;line-height:1.4}
.crm-form *{box-sizing:inherit}
.crm-form form{display:grid;gap:var(--crm-form-gap,1rem);margin:0}
.crm-field{display:grid;gap:.3rem;margin:0;padding:0;border:0;min-width:0}
.crm-label,.crm-field legend{font-weight:600;padding:0}
.crm-req{color:var(--crm-form-error,#b3261e)}
.crm-help{margin:0;font-size:.9em;opacity:.8}
.crm-err{margin:0;color:var(--crm-form-error,#b3261e);font-weight:600}
.crm-err[hidden]{display:none}
.crm-form input:not([type=checkbox]),.crm-form select,.crm-form textarea{font:inherit;color:inherit;width:100%;padding:var(--crm-form-padding,.5rem .6rem);border:1px solid var(--crm-form-border,#8a8f98);border-radius:var(--crm-form-radius,.375rem);background:var(--crm-form-bg,#fff)}
.crm-form [aria-invalid=true]{border-color:var(--crm-form-error,#b3261e);outline:1px solid var(--crm-form-error,#b3261e)}
.crm-form :focus-visible{outline:2px solid var(--crm-form-accent,#1a56db);outline-offset:2px}
.crm-check{display:flex;gap:.5rem;align-items:flex-start;flex-wrap:wrap}
.crm-check input{width:1.1rem;height:1.1rem;margin:.15rem 0 0;accent-color:var(--crm-form-accent,#1a56db);flex:none}
.crm-check label{flex:1}
.crm-check>.crm-help,.crm-check>.crm-err{flex-basis:100%;padding-left:1.6rem}
.crm-options{display:grid;gap:.4rem}
.crm-btn{font:inherit;font-weight:600;justify-self:start;cursor:pointer;padding:var(--crm-form-padding,.55rem 1.2rem);border:0;border-radius:var(--crm-form-radius,.375rem);background:var(--crm-form-accent,#1a56db);color:var(--crm-form-accent-text,#fff)}
.crm-btn[aria-disabled=true]{opacity:.6;cursor:progress}
.crm-status:empty{display:none}
.crm-status,.crm-summary{margin:0;padding:.6rem .8rem;border-radius:var(--crm-form-radius,.375rem);border:1px solid currentColor}
.crm-summary{color:var(--crm-form-error,#b3261e)}
.crm-summary h2{font-size:1.05em;margin:0 0 .3rem}
.crm-summary ul{margin:0;padding-left:1.2rem}
.crm-summary a{color:inherit}
.crm-hp,.crm-sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap;margin:-1px}
.crm-hp{left:-10000px}`;
