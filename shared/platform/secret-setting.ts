/** How long a value, or its absence, is trusted before SSM is asked again. */
const MAX_AGE_SECONDS = 300;

/** parameter name → until when (ms) it is known to be missing */
const knownMissing = new Map<string, number>();

/**
 * A secret the server needs (a CAPTCHA provider's secret key): the environment variable
 * itself where it is set (`npm start`, tests), else the SSM SecureString parameter named
 * by `<name>_PARAMETER` (in AWS, so the value never sits in the function's configuration,
 * where anyone who may read the function would see it). Undefined when neither holds one.
 *
 * Values are cached for five minutes, and so is a parameter's absence: a form whose
 * secret was never stored must not send every submission to SSM.
 */
export async function secretSetting(name: string, options: { now?: number } = {}): Promise<string | undefined> {
  const direct = process.env[name];
  if (direct) return direct;
  const parameterName = process.env[`${name}_PARAMETER`];
  if (!parameterName) return undefined;
  const now = options.now ?? Date.now();
  if ((knownMissing.get(parameterName) ?? 0) > now) return undefined;

  // loaded on first use: only the functions that ever need a secret pay for the SSM client
  const [{ getParameter }, { ParameterNotFoundError }] = await Promise.all([
    import('@aws-lambda-powertools/parameters/ssm'),
    import('@aws-lambda-powertools/parameters/errors'),
  ]);
  try {
    const read = { decrypt: true, maxAge: MAX_AGE_SECONDS, throwOnMissing: true } as const;
    return (await getParameter(parameterName, read)) || undefined;
  } catch (error) {
    if (!(error instanceof ParameterNotFoundError)) throw error;
    knownMissing.set(parameterName, now + MAX_AGE_SECONDS * 1000);
    return undefined;
  }
}
