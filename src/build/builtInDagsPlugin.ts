// A Vite plugin that checks the built-in DAGs when the site is built: they are constants of the build, so the page
// trusts them at boot instead of checking them each time (core/validate.ts, markCheckedAtBuild). A built-in DAG that
// does not validate fails `vite build` with the validator's messages; tests/unit/pipelines/allDags.test.ts checks
// the same in the unit tests. The app's module (src/pipelines/allDags.ts) is loaded through Vite's module runner
// when the build starts, not imported by this file: vite.config.ts and the build layer stay free of the app's code.
import { runnerImport, type Plugin } from 'vite';

/** What the plugin calls in the module it is given. */
interface DagChecker {
  builtInDagErrors(): string[];
}

export function builtInDagsPlugin({ checker }: { readonly checker: string }): Plugin {
  return {
    name: 'pipeline-playground:built-in-dags',
    apply: 'build',
    async buildStart() {
      const { module } = await runnerImport<DagChecker>(checker, { configFile: false, logLevel: 'silent' });
      const errors = module.builtInDagErrors();
      if (errors.length === 0) return;
      const more = errors.length > 10 ? `\n…and ${errors.length - 10} more.` : '';
      this.error(`The built-in DAGs do not validate:\n${errors.slice(0, 10).join('\n')}${more}`);
    },
  };
}
