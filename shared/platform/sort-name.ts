/** Lower-cased, accent-free name used for ordering and prefix search. */
export const sortName = (...parts: (string | undefined)[]) =>
  parts
    .filter((p): p is string => Boolean(p))
    .join(' ')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .trim();
