#!/usr/bin/env node
// Runs the TypeScript CLI straight from a checkout (no build step): tsx compiles it on the fly.
import { register } from 'tsx/esm/api';

register();
await import('./index.ts');
