// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Sparkline } from './sparkline.tsx';

afterEach(cleanup);

describe('a sparkline', () => {
  it('is an image named by its numbers, drawn without a style attribute (the CSP refuses inline styles)', () => {
    const { container } = render(
      <Sparkline
        values={[0, 5, 10]}
        label="Comments per week, oldest first: 0, 5, 10"
        width={100}
        height={20}
      />,
    );
    const image = screen.getByRole('img', { name: 'Comments per week, oldest first: 0, 5, 10' });
    expect(image.querySelector('polyline')?.getAttribute('points')).toBe('0,20 50,10 100,0');
    expect(container.querySelectorAll('[style]')).toHaveLength(0);
  });
});
