import type { Me } from './api';

/** The signed-in user, loaded once per sign-in; views read it for "My records" and the header. */
export const state: { me: Me | null } = { me: null };
