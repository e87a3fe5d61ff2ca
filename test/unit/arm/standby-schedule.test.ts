import { strict as assert } from 'node:assert';
import { describeStandbySchedule, highestCount, parseStandbySchedule } from '../../../tasks/common/arm/standby-schedule';
import { describeTimeSpan, formatTimeSpan, parseTimeSpan } from '../../../tasks/common/arm/time-span';
import { windowsTimeZone } from '../../../tasks/common/arm/windows-time-zones';

describe('standby schedules of Managed DevOps Pools', () => {
  it('parses the input grammar into 7 day maps starting on Sunday, explicit zeros kept, unnamed days {}', () => {
    const days = parseStandbySchedule('Mon-Fri 08:00=4, 18:00=0; Sat 10:00=1,12:00=0');
    assert.equal(days.length, 7);
    assert.deepEqual(days[0], {}, 'Sunday not named: no change');
    for (const day of [1, 2, 3, 4, 5]) assert.deepEqual(days[day], { '08:00:00': 4, '18:00:00': 0 });
    assert.deepEqual(days[6], { '10:00:00': 1, '12:00:00': 0 });
    assert.equal(highestCount(days), 4);
  });

  it('accepts a bare count as 00:00 and a Mon-Sun range ending on Sunday', () => {
    const days = parseStandbySchedule('Mon-Sun 2');
    assert.ok(days.every((day) => day['00:00:00'] === 2));
  });

  it('refuses malformed schedules with the allowed form in the message', () => {
    for (const [text, reason] of [
      ['Mon-Fri 8=4', /'8=4' in 'Mon-Fri 8=4' is not an entry HH:mm=count/],
      ['Funday 08:00=1', /does not start with a day|is not a day/],
      ['Fri-Mon 08:00=1', /runs backwards/],
      ['Mon 25:00=1', /not a time of day/],
      ['Mon 08:00=1; Mon 09:00=2', /Mon appears in more than one group/],
      ['Mon 08:00=1, 08:00=2', /sets 08:00 twice/],
      ['', /empty/],
    ] as const) {
      assert.throws(
        () => parseStandbySchedule(text),
        (error: Error) => reason.test(error.message) && /expected a schedule like 'Mon-Fri 08:00=4/.test(error.message),
        text,
      );
    }
  });

  it('says the schedule in words, Monday first, carrying counts into days without entries', () => {
    const weekday = { '09:00:00': 4, '17:00:00': 0 };
    assert.equal(describeStandbySchedule([{}, weekday, weekday, weekday, weekday, weekday, {}]), 'Mon–Fri 09:00 → 4, 17:00 → 0; Sat–Sun 0');
    assert.equal(describeStandbySchedule([{ '00:00:00': 3 }]), 'every day 00:00 → 3');
    assert.equal(describeStandbySchedule([]), 'no schedule');
    assert.equal(describeStandbySchedule([{}, {}, {}, {}, {}, {}, {}]), 'every day no change');
  });

  it('time spans d.hh:mm:ss and Windows time zones', () => {
    assert.equal(parseTimeSpan('7.00:00:00'), 7 * 86_400);
    assert.equal(parseTimeSpan('00:30:00'), 1_800);
    assert.equal(parseTimeSpan('1.24:00:00'), undefined);
    assert.equal(parseTimeSpan('30m'), undefined);
    assert.equal(formatTimeSpan(1_800), '0.00:30:00');
    assert.equal(describeTimeSpan('1.02:00:00'), '1 day 2 h');
    assert.equal(windowsTimeZone('w. europe standard time'), 'W. Europe Standard Time');
    assert.equal(windowsTimeZone('Europe/Berlin'), undefined);
  });
});
