import { describe, expect, it } from 'vitest';
import { estimateImageTokens } from '../../src/tokens/estimate-image-tokens.js';

describe('estimateImageTokens', () => {
  it.each([
    // width × height / 750, rounded up
    [200, 200, 54],
    [1000, 1000, 1334],
    [1092, 1092, 1590],
    [1, 1, 1],
    // scaled so the long edge is 1568: 1568 × 392 / 750
    [4000, 1000, 820],
    // scaled to the 1,600-token ceiling
    [1500, 1500, 1600],
    [4032, 3024, 1600],
  ])('estimates %ix%i at %i tokens', (width, height, tokens) => {
    expect(estimateImageTokens({ width, height })).toBe(tokens);
  });

  it('counts an image of unknown size at the 1,600-token ceiling', () => {
    expect(estimateImageTokens(undefined)).toBe(1600);
  });
});
