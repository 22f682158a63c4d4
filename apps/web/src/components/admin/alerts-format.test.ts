import { describe, expect, it } from 'vitest';
import { alertDetails, alertKind } from './alerts-format';

describe('admin alert formatting', () => {
  it('names each kind the backend raises, and shows an unknown one as it is', () => {
    expect(alertKind('withdrawal-deficit')).toEqual({ label: 'Withdrawal deficit', tone: 'danger' });
    expect(alertKind('margin-call')).toEqual({ label: 'Margin call', tone: 'warning' });
    expect(alertKind('something-new')).toEqual({ label: 'something-new', tone: 'warning' });
  });

  it("lists an alert's data as lines, nested values as JSON", () => {
    expect(alertDetails({ principal: 'ST1', tokens: [{ token: 'STX' }], ratio: 1.2 })).toEqual([
      'principal: ST1',
      'tokens: [{"token":"STX"}]',
      'ratio: 1.2',
    ]);
    expect(alertDetails(null)).toEqual([]);
  });
});
