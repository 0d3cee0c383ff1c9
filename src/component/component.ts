// `Component` is one class for both jobs: reflection (imports/exports trees, WIT) and instantiation
// (a plan built once). It lives with the runtime; this module keeps the reflection-side import path.
export { Component } from './runtime/component.js';
