// `node --import` this to log every module a run loads (see hooks.mjs).
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
