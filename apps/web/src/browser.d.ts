/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

/**
 * vis-timeline's standalone UMD build (vendored into dist/web/vendor by the build, with vis-data inside it):
 * a global in the page.
 */
declare const vis: {
  Timeline: typeof import('vis-timeline').Timeline;
  DataSet: typeof import('vis-data').DataSet;
};
