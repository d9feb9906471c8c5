/* The twin of briefs/money.py's read_amount: an amount the client typed, read by the rule of the
 * client's locale (its thousands group and decimal mark, given by Babel in the page's data).
 * tests/data/amount_readings.tsv is read by both (tests/test_language_intake.py).
 *
 * Amount.create({group: ".", point: ","}).parse("1.200,00") -> {ok: true, value: "1200.00"};
 * a refusal is {ok: false, kind: "unclear" | "unreadable"}: "1.200" where "." is not the group
 * could be 1200 or 1.2.
 */
var Amount = (function () {
  "use strict";

  const SPACES = " \u00a0\u202f";

  function escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  function create(symbols) {
    const group = symbols.group;
    const point = symbols.point;
    const chars = /^[0-9](?:[0-9.,' \u00a0\u202f]*[0-9])?$/;
    const oneMark = /^([0-9]{1,3})([.,])([0-9]{3})$/;
    const shortDecimal = /^[0-9]+[.,][0-9]{1,2}$/;
    const G = escape(group);
    const P = escape(point);
    const grouped = new RegExp("^[0-9]{1,3}(?:" + G + "[0-9]{3})+(?:" + P + "[0-9]+)?$");
    const ungrouped = new RegExp("^[0-9]+(?:" + P + "[0-9]+)?$");

    function plain(sign, whole, fraction) {
      const digits = whole.replace(/^0+(?=[0-9])/, "");
      return sign + digits + (fraction === undefined ? "" : "." + fraction);
    }

    function parse(text) {
      const raw = text.trim();
      const sign = raw.charAt(0) === "-" ? "-" : "";
      let body = raw.charAt(0) === "+" || raw.charAt(0) === "-" ? raw.slice(1).trim() : raw;
      if (!chars.test(body)) return { ok: false, kind: "unreadable" };
      if (SPACES.indexOf(group) >= 0) body = body.replace(/[ \u00a0\u202f]/g, group);
      const one = oneMark.exec(body);
      if (one && one[2] !== group) return { ok: false, kind: "unclear" };
      if (grouped.test(body) || ungrouped.test(body)) {
        const parts = body.split(point);
        return { ok: true, value: plain(sign, parts[0].split(group).join(""), parts[1]) };
      }
      if (shortDecimal.test(body)) {
        const parts = body.split(/[.,]/);
        return { ok: true, value: plain(sign, parts[0], parts[1]) };
      }
      return { ok: false, kind: "unreadable" };
    }

    return { parse: parse };
  }

  return { create: create };
})();
if (typeof module !== "undefined") module.exports = Amount;
