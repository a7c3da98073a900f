// A sample column is one prompt at one LoRA weight: the grid shows one column each, the comparison picks one.
import { weightLabel } from './dom.js';

export const columnKey = sample => `${sample.promptIndex}@${sample.loraWeight}`;

// The columns present at a step, by prompt then weight; the weight is part of the title only when the samples have several.
export function sampleColumns(stepView) {
  const columns = new Map();
  for (const arm of stepView.arms) for (const sample of arm.samples) {
    const key = columnKey(sample);
    if (!columns.has(key)) columns.set(key, { key, promptIndex: sample.promptIndex, prompt: sample.prompt, loraWeight: sample.loraWeight });
  }
  const several = stepView.loraWeights.length > 1;
  return [...columns.values()]
    .sort((a, b) => a.promptIndex - b.promptIndex || b.loraWeight - a.loraWeight)
    .map(c => ({ ...c, weight: several ? weightLabel(c.loraWeight) : null }));
}

export function sampleAt(armStep, key) {
  return armStep?.samples.find(s => columnKey(s) === key) ?? null;
}
