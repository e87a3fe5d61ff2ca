import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inputsTable, taskDocs, updatedDoc } from '../../../scripts/task-docs';
import { REPO_ROOT } from '../packaging/manifests';

describe('docs/tasks/<Task>.md', () => {
  for (const { task, doc } of taskDocs()) {
    describe(task.name, () => {
      it('exists and its input and output tables match task.json (run `npx tsx scripts/task-docs.ts`)', () => {
        assert.ok(fs.existsSync(doc), `${path.relative(REPO_ROOT, doc)} is missing`);
        const text = fs.readFileSync(doc, 'utf8');
        assert.equal(updatedDoc(text, task, doc), text, `${path.relative(REPO_ROOT, doc)} is out of date`);
      });

      it('names every input with its default and every output variable', () => {
        const text = fs.readFileSync(doc, 'utf8');
        for (const input of task.inputs) {
          assert.ok(text.includes(`| \`${input.name}\` |`), `input ${input.name}`);
          if (input.defaultValue) assert.ok(text.includes(`\`${input.defaultValue}\``), `default of ${input.name}`);
        }
        for (const output of task.outputVariables) assert.ok(text.includes(`| \`${output.name}\` |`), `output ${output.name}`);
      });

      it('shows a screenshot that exists', () => {
        const text = fs.readFileSync(doc, 'utf8');
        const images = [...text.matchAll(/!\[[^\]]*\]\(([^)]+\.png)\)/g)].map((match) => path.resolve(path.dirname(doc), match[1]));
        assert.ok(images.length > 0, 'no screenshot');
        for (const image of images) assert.ok(fs.existsSync(image), `${path.relative(REPO_ROOT, image)} is missing`);
      });
    });
  }

  it('renders allowed values, visibility and required-when in the inputs table', () => {
    const table = inputsTable({
      name: 'X',
      inputs: [
        { name: 'mode', type: 'pickList', label: 'Mode', defaultValue: 'a', options: { a: 'A', b: 'B' }, helpMarkDown: 'Pick | one.' },
        { name: 'count', type: 'int', label: 'Count', required: true, visibleRule: 'mode = b', helpMarkDown: 'How many.' },
      ],
      outputVariables: [],
    });
    assert.match(table, /\| `mode` \| pickList \| no \| `a` \| `a` \(A\), `b` \(B\) \| Pick \\\| one\. \|/);
    assert.match(table, /\| `count` \| int \| when mode = b \| {2}\| {2}\| How many\. \|/);
  });
});

describe('overview.md and docs images', () => {
  it('every image the overview and the docs show exists, and the overview shows every screenshot', () => {
    const overview = fs.readFileSync(path.join(REPO_ROOT, 'overview.md'), 'utf8');
    const shown = [...overview.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
    for (const image of shown) assert.ok(fs.existsSync(path.join(REPO_ROOT, image)), image);
    const screenshots = fs.readdirSync(path.join(REPO_ROOT, 'images', 'screenshots')).filter((name) => name.endsWith('.png'));
    assert.ok(screenshots.length >= 6, 'run npm run screenshots');
    for (const name of screenshots) assert.ok(shown.includes(`images/screenshots/${name}`), `overview.md does not show ${name}`);
  });
});
