// PostCSS plugin (copied into .web by portal_app/components/theme.py): drop Radix Themes' rules
// for responsive breakpoints no page uses.
//
// Radix emits a class such as `sm:rt-r-gap-3` only for a prop given a responsive value with that
// breakpoint (`rx.breakpoints(sm=...)`), and every rule in its `@media (min-width: ...)` blocks
// needs one of those classes. A rule whose every selector needs a breakpoint outside `keep`
// cannot match anything, so it is removed, then any block left empty.
const BREAKPOINTS = ["xs", "sm", "md", "lg", "xl"];

module.exports = ({ keep = BREAKPOINTS } = {}) => {
  const unused = BREAKPOINTS.filter((name) => !keep.includes(name));
  const needsUnused = new RegExp(`\\.(${unused.join("|")})\\\\:`);
  const insideNot = /:not\([^)]*\)/g;
  return {
    postcssPlugin: "portal-radix-unused-breakpoints",
    OnceExit(root) {
      if (unused.length === 0) return;
      root.walkRules((rule) => {
        const file = rule.source?.input?.file ?? "";
        if (!file.includes("@radix-ui/themes")) return;
        if (rule.selectors.every((s) => needsUnused.test(s.replace(insideNot, "")))) {
          rule.remove();
        }
      });
      root.walkAtRules("media", (media) => {
        if (media.nodes && media.nodes.length === 0) media.remove();
      });
    },
  };
};
module.exports.postcss = true;
