import { buildApp } from './crm-app';

// Context (-c key=value) reaches the App through the CDK CLI's environment.
const { app } = buildApp();
app.synth();
