// Survey bodies the channel suites share.

/** An NPS survey whose follow-up depends on the score: detractors are asked what to fix, promoters what they like. */
export const npsWithFollowUps = {
  kind: 'nps',
  name: 'Relationship NPS',
  product_name: 'Acme',
  questions: [
    {
      id: 'fix_first',
      type: 'single_choice',
      prompt: 'What should we fix first?',
      options: ['Speed', 'Price', 'Support'],
      required: true,
      show_if: { score_min: 0, score_max: 6 },
    },
    {
      id: 'favourite',
      type: 'text',
      prompt: 'What do you like most?',
      show_if: { score_min: 9, score_max: 10 },
    },
  ],
};
