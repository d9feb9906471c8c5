/* The firm-date rule in JavaScript: the twin of briefs/dates.py (firmbrief's Python parser).
 *
 * Same grammar, same word table (briefs/datewords.json, given to create()), same refusal kinds
 * and the same messages, so the questionnaire page refuses exactly what `firmbrief check` and
 * `firmbrief intake import` refuse. Both are tested against every row of
 * tests/data/date_spellings.tsv (tests/test_firmdate_js.py runs this file under node).
 * Change them together: each function below mirrors the Python function of the same name.
 *
 * Usage: const firmDate = FirmDate.create(words);
 *        firmDate.parse("15 March 2027", "DMY") -> {ok: true, iso: "2027-03-15", ...}
 *                                               or {ok: false, kind: "vague", message: "..."}
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.FirmDate = factory();
  }
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  const REFUSALS = [
    "vague",
    "no-day",
    "no-year",
    "two-digit-year",
    "impossible",
    "ambiguous",
    "weekday-mismatch",
    "out-of-range",
  ];
  // The years a project's dates may fall in: briefs/dates.py has the same bound.
  const FIRST_YEAR = 1900;
  const LAST_YEAR = 2199;
  const MAX_LENGTH = 64;
  const EXAMPLE = "2027-03-15";
  const MONTH_NAMES = [
    "", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
  ];
  const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

  // Python's str.isspace() characters, so that fold() collapses and strips exactly what
  // Python's re "\s" and str.strip() do (JavaScript's \s differs: it has U+FEFF, lacks U+001C-1F).
  const SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
    "\\u202f\\u205f\\u3000]";
  const SPACES = new RegExp(SPACE + "+", "g");
  const EDGES = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");
  const COMBINING = /[\u0300-\u036f]/g;

  const ALLOWED = /^[a-z0-9 ,./'\u2019-]*$/;
  const TOKEN = /[a-z]+|[0-9]+/g;
  const SEP = "([-/.])";
  const whole = (source) => new RegExp("^(?:" + source + ")$");
  const YMD = whole("([0-9]{4})" + SEP + "([0-9]{1,2})\\2([0-9]{1,2})");
  const YMD_BASIC = whole("([0-9]{4})([0-9]{2})([0-9]{2})");
  const XXY = whole("([0-9]{1,2})" + SEP + "([0-9]{1,2})\\2([0-9]{4})");
  const XXYY = whole("[0-9]{1,2}" + SEP + "[0-9]{1,2}\\1[0-9]{2}");
  const XX = whole("[0-9]{1,2}" + SEP + "[0-9]{1,2}");
  const YM = whole(
    "[0-9]{4}" + SEP + "[0-9]{1,2}|[0-9]{1,2}" + SEP + "[0-9]{4}|[0-9]{4}"
  );

  class VagueDate extends Error {
    constructor(kind, value, message) {
      super(message);
      this.kind = kind;
      this.value = value;
    }
  }

  function fold(text) {
    const decomposed = text.normalize("NFKD");
    const stripped = decomposed.replace(COMBINING, "").toLowerCase();
    return stripped.replace(SPACES, " ").replace(EDGES, "");
  }

  function isLeap(year) {
    return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  }

  function monthDays(year, month) {
    return [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  }

  function pad(number, width) {
    return String(number).padStart(width, "0");
  }

  // A calendar day as {year, month, day}: JavaScript's Date has no year 1 to 99 without care.
  function day(year, month, dayOfMonth) {
    return { year: year, month: month, day: dayOfMonth };
  }

  function isoformat(d) {
    return pad(d.year, 4) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2);
  }

  function weekday(d) {
    // Monday is 0, as in Python's date.weekday(); Zeller-free: days since 0001-01-01 (a Monday).
    const y = d.year - 1;
    let days = y * 365 + Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
    for (let m = 1; m < d.month; m += 1) days += monthDays(d.year, m);
    days += d.day - 1;
    return days % 7;
  }

  function formatLong(d) {
    return d.day + " " + MONTH_NAMES[d.month] + " " + d.year;
  }

  function create(words) {
    const MONTHS = words.months;
    const WEEKDAYS = words.weekdays;
    const FILLERS = new Set(words.fillers);
    const ORDINALS = new Set(words.ordinals);
    const POSITIONS = words.positions;
    const has = (table, key) => Object.prototype.hasOwnProperty.call(table, key);

    function parseFirmDate(text, order) {
      const chars = Array.from(text);
      if (typeof text !== "string" || chars.length > MAX_LENGTH) {
        throw vague(chars.slice(0, MAX_LENGTH).join("") + "\u2026");
      }
      const s = fold(text);
      if (!s || !ALLOWED.test(s)) throw vague(text);

      const numbers = [];
      const months = [];
      const weekdays = [];
      let unknown = false;
      let previousWasNumber = false;
      const tokens = s.match(TOKEN) || [];
      for (const token of tokens) {
        const isNumber = /^[0-9]+$/.test(token);
        if (isNumber) {
          numbers.push(token);
        } else if (has(MONTHS, token)) {
          months.push(MONTHS[token]);
        } else if (has(WEEKDAYS, token)) {
          weekdays.push(WEEKDAYS[token]);
        } else if (!(FILLERS.has(token) || (ORDINALS.has(token) && previousWasNumber))) {
          unknown = true;
        }
        previousWasNumber = isNumber;
      }
      if (unknown || months.length > 1 || weekdays.length > 1) {
        throw vague(text, months.length ? months[0] : null, numbers, tokens);
      }
      const month = months.length ? months[0] : null;
      const wanted = weekdays.length ? weekdays[0] : null;

      const result = month !== null ? fromWords(text, month, numbers) : fromNumbers(text, s, order);
      if (wanted !== null && weekday(result) !== wanted) {
        throw new VagueDate(
          "weekday-mismatch",
          text,
          '"' + text + '": ' + formatLong(result) + " is a " + DAY_NAMES[weekday(result)] +
            ", not a " + DAY_NAMES[wanted] + ". Check the day, or write " + isoformat(result)
        );
      }
      return result;
    }

    function fromWords(text, month, numbers) {
      const years = numbers.filter((n) => n.length === 4);
      const smalls = numbers.filter((n) => n.length <= 2);
      if (years.length + smalls.length !== numbers.length || years.length > 1 || numbers.length > 2) {
        throw vague(text);
      }
      const monthName = MONTH_NAMES[month];
      if (years.length === 1 && smalls.length === 1) {
        return build(text, parseInt(years[0], 10), month, parseInt(smalls[0], 10));
      }
      if (smalls.length === 2) {
        throw new VagueDate(
          "two-digit-year",
          text,
          '"' + text + '" has a two-digit year. Write all four digits, e.g. ' +
            parseInt(smalls[0], 10) + " " + monthName + " 20" + smalls[1].padStart(2, "0")
        );
      }
      if (smalls.length === 1) {
        throw new VagueDate(
          "no-year",
          text,
          '"' + text + '" has no year. Write it in full, e.g. ' + parseInt(smalls[0], 10) + " " +
            monthName + " 2027"
        );
      }
      const year = years.length ? parseInt(years[0], 10) : 2027;
      throw new VagueDate(
        "no-day",
        text,
        '"' + text + '" names a month, not a day. Write the day you mean, e.g. 15 ' + monthName +
          " " + year
      );
    }

    function fromNumbers(text, s, order) {
      const runs = Array.from(s.matchAll(/[0-9]+/g));
      if (!runs.length) throw vague(text);
      const last = runs[runs.length - 1];
      const core = s.slice(runs[0].index, last.index + last[0].length);
      let m;
      if ((m = YMD.exec(core))) {
        return build(text, parseInt(m[1], 10), parseInt(m[3], 10), parseInt(m[4], 10));
      }
      if ((m = YMD_BASIC.exec(core))) {
        return build(text, parseInt(m[1], 10), parseInt(m[2], 10), parseInt(m[3], 10));
      }
      if ((m = XXY.exec(core))) {
        const first = parseInt(m[1], 10);
        const second = parseInt(m[3], 10);
        const year = parseInt(m[4], 10);
        if (year < 1) return build(text, year, first, second);
        const [month, dayOfMonth] = dayMonth(text, first, second, year, order);
        return build(text, year, month, dayOfMonth);
      }
      if (XXYY.test(core)) {
        throw new VagueDate(
          "two-digit-year",
          text,
          '"' + text + '" has a two-digit year. Write all four digits, e.g. ' + core.slice(0, -2) +
            "20" + core.slice(-2)
        );
      }
      if (XX.test(core)) {
        throw new VagueDate(
          "no-year", text, '"' + text + '" has no year. Write it in full, e.g. ' + EXAMPLE
        );
      }
      if (YM.test(core)) {
        throw new VagueDate(
          "no-day",
          text,
          '"' + text + '" names a month or a year, not a day. Write e.g. ' + EXAMPLE
        );
      }
      throw vague(text);
    }

    // [month, day] of an all-numeric date whose year comes last.
    function dayMonth(text, first, second, year, order) {
      if (order === "DMY") return [second, first];
      if (order === "MDY") return [first, second];
      if (first === second || (first > 12 && second <= 12)) return [second, first];
      if (second > 12 && first <= 12) return [first, second];
      if ((first > 12 && second > 12) || first === 0 || second === 0) {
        return [second, first]; // impossible either way; build() says so
      }
      const dmy = day(year, second, first);
      const mdy = day(year, first, second);
      throw new VagueDate(
        "ambiguous",
        text,
        '"' + text + '" could be ' + formatLong(dmy) + " or " + formatLong(mdy) +
          ". Write the month as a word " + '("' + formatLong(dmy) + '") or use year-month-day (' +
          isoformat(dmy) + ")"
      );
    }

    function build(text, year, month, dayOfMonth) {
      if (!(month >= 1 && month <= 12)) {
        throw new VagueDate(
          "impossible", text, '"' + text + '" is not a real day: there is no month ' + month
        );
      }
      if (!(year >= 1 && year <= 9999)) {
        throw new VagueDate(
          "impossible", text, '"' + text + '" is not a real day: there is no year ' + year
        );
      }
      const days = monthDays(year, month);
      if (!(dayOfMonth >= 1 && dayOfMonth <= days)) {
        throw new VagueDate(
          "impossible",
          text,
          '"' + text + '" is not a real day: ' + MONTH_NAMES[month] + " " + year + " has " + days +
            " days"
        );
      }
      if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
        throw new VagueDate(
          "out-of-range",
          text,
          '"' + text + '" is outside the years a project can plan in (' + FIRST_YEAR + " to " +
            LAST_YEAR + "): check the year"
        );
      }
      return day(year, month, dayOfMonth);
    }

    // The day an example offers for a vague phrase about a month: the 1st for "early March",
    // the last for "end of March", else the middle: never a day the phrase did not point at.
    function exampleDay(year, month, tokens) {
      const found = (tokens || []).find((t) => has(POSITIONS, t));
      const position = found === undefined ? "middle" : POSITIONS[found];
      if (position === "start") return 1;
      if (position === "end") return monthDays(year, month);
      return 15;
    }

    function vague(text, month, numbers, tokens) {
      let example = EXAMPLE;
      const years = (numbers || []).filter((n) => n.length === 4).map((n) => parseInt(n, 10));
      if (month !== null && month !== undefined) {
        const year = years.length && years[0] >= 1 && years[0] <= 9999 ? years[0] : 2027;
        example = isoformat(day(year, month, exampleDay(year, month, tokens)));
      }
      return new VagueDate(
        "vague",
        text,
        '"' + text + '" is not a calendar date. Write the day, month and year, e.g. ' + example
      );
    }

    // The page's entry point: never throws; says what the text reads as, or why not.
    function parse(text, order) {
      try {
        const d = parseFirmDate(text, order || null);
        return {
          ok: true,
          iso: isoformat(d),
          long: DAY_NAMES[weekday(d)] + ", " + formatLong(d),
        };
      } catch (error) {
        if (error instanceof VagueDate) {
          return { ok: false, kind: error.kind, value: error.value, message: error.message };
        }
        throw error;
      }
    }

    return { parse: parse, parseFirmDate: parseFirmDate, fold: fold, REFUSALS: REFUSALS };
  }

  return { create: create, fold: fold, formatLong: formatLong, VagueDate: VagueDate };
});
