// `node --import tsx --import ./register.mjs script.ts`: every import of 'electron' gets the stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
