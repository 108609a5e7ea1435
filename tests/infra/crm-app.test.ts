import { beforeAll } from 'vitest';
import { apiSuite } from './api.suite';
import { dataSuite } from './data.suite';
import { synthCrm, type SynthesizedCrm } from './fixture';
import { intakeSuite } from './intake.suite';
import { operationsSuite } from './operations.suite';

// Bundling and synthesizing the app is the slow part, so every suite shares one build.
let crm: SynthesizedCrm;
beforeAll(() => {
  crm = synthCrm();
});

dataSuite(() => crm);
apiSuite(() => crm);
intakeSuite(() => crm);
operationsSuite(() => crm);
