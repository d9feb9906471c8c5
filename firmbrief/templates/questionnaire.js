/* The questionnaire page's behaviour: checks answers as the client types, adds and removes rows
 * of repeatable blocks, and saves the answers as a file (answers.json) to send back.
 *
 * It runs after firmdate.js (the firm-date rule's JavaScript twin) in the same inline script.
 * It never parses HTML: text goes into the page with textContent only, and new rows are clones
 * of a <template> whose attributes are renamed. The saved file holds every field by name (the
 * brief paths of intake/questions.py) under the marker that `firmbrief intake import` reads.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("questionnaire-data").textContent);
  const firmDate = FirmDate.create(data.words);
  const amount = Amount.create(data.amount); // read_amount's twin, in the client's locale
  const form = document.getElementById("questionnaire");
  const status = document.getElementById("status");
  let unsaved = false;

  // The client's language's words (intake/questionnaire.py SCRIPT_WORDS): {name} filled in.
  function words(key, values) {
    return data.say[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function say(input, ok, text) {
    const box = document.getElementById(input.id + "-check");
    const question = input.closest("[data-question]");
    if (box) {
      box.textContent = text;
      box.className = "check" + (text ? (ok ? " ok" : " bad") : "");
    }
    if (question) {
      question.classList.toggle("is-bad", !ok && Boolean(text));
      question.classList.toggle("is-good", ok && Boolean(text));
    }
  }

  // A day (2027-03-15) written out in the client's language: "Montag, 15. März 2027".
  function longDate(iso) {
    const format = new Intl.DateTimeFormat(data.lang, {
      weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC",
    });
    return format.format(new Date(iso + "T00:00:00Z"));
  }

  function example(input) {
    const value = input.getAttribute("data-example");
    return value ? words("example", { example: value }) : "";
  }

  // What is wrong with an answer, or "" if nothing; dates also say what they read as.
  function check(input) {
    const value = input.value.trim();
    const kind = input.getAttribute("data-kind");
    if (!value) return { ok: true, text: "" };
    if (kind === "date") {
      const result = firmDate.parse(value, dateOrder());
      if (data.lang === "en") {
        if (result.ok) return { ok: true, text: "\u2713 " + result.long };
        return { ok: false, text: result.message };
      }
      // In the client's language: the day as the browser writes it there, or how to write one.
      if (result.ok) return { ok: true, text: "\u2713 " + longDate(result.iso) };
      const days = (result.message || "").match(/[0-9]{4}-[0-9]{2}-[0-9]{2}/g);
      return { ok: false, text: words("date", { example: days ? days[days.length - 1] : "2027-03-15" }) };
    }
    if (kind === "money") {
      const read = amount.parse(value);
      if (!read.ok) return { ok: false, text: words("amount", { example: example(input) }) };
      return { ok: true, text: "" };
    }
    if (kind === "number") {
      if (!/^[0-9]+(\.[0-9]+)?$/.test(value)) {
        return { ok: false, text: words("number", { example: example(input) }) };
      }
      const min = input.getAttribute("data-min");
      const max = input.getAttribute("data-max");
      if (max !== null && Number(value) > Number(max)) return { ok: false, text: words("atMost", { max: max }) };
      if (min !== null && Number(value) < Number(min)) return { ok: false, text: words("atLeast", { min: min }) };
      if (input.hasAttribute("data-integer") && value.indexOf(".") >= 0) {
        return { ok: false, text: words("whole", { example: example(input) }) };
      }
      return { ok: true, text: "" };
    }
    const pattern = input.getAttribute("data-pattern");
    if (pattern) {
      let matches = true;
      try {
        matches = new RegExp(pattern, "u").test(value);
      } catch (error) {
        matches = true; // a pattern this browser cannot read: firmbrief checks it on import
      }
      if (!matches) return { ok: false, text: words("pattern") + (example(input) ? words("writeLike", { example: example(input) }) : "") };
    }
    return { ok: true, text: "" };
  }

  // The order of all-numeric dates: as the client says on this page, else as the brief says.
  function dateOrder() {
    const chosen = form.elements.namedItem("date_order");
    if (chosen && chosen.value) return chosen.value;
    return data.dateOrder;
  }

  function refresh(input) {
    const result = check(input);
    say(input, result.ok, result.text);
    return result.ok;
  }

  function inputs(root) {
    return Array.from(root.querySelectorAll("input[type=text][data-kind], textarea[data-kind], select[data-kind]"));
  }

  function noneBox(checkbox) {
    const target = document.getElementById(checkbox.getAttribute("data-none-for"));
    if (target) target.disabled = checkbox.checked;
  }

  form.addEventListener("input", function (event) {
    unsaved = true;
    if (event.target.matches("[data-kind]")) refresh(event.target);
  });
  form.addEventListener("change", function (event) {
    unsaved = true;
    if (event.target.matches("[data-none-for]")) noneBox(event.target);
    if (event.target.matches("[data-kind]")) refresh(event.target);
    if (event.target.name === "date_order") {
      inputs(form).forEach(function (input) {
        if (input.getAttribute("data-kind") === "date" && input.value.trim()) refresh(input);
      });
    }
  });

  // --- repeatable blocks ------------------------------------------------------------------

  function renumber(block) {
    const rows = block.querySelectorAll(".rows > .row");
    rows.forEach(function (row, position) {
      const number = row.querySelector(".row-number");
      if (number) number.textContent = String(position + 1);
    });
    const add = block.querySelector("[data-add]");
    const max = Number(block.getAttribute("data-max"));
    if (add) add.disabled = rows.length >= max;
  }

  function rename(element, from, to) {
    for (const attribute of ["id", "name", "for", "aria-describedby", "data-none-for"]) {
      const value = element.getAttribute(attribute);
      if (value !== null) element.setAttribute(attribute, value.split(from).join(to));
    }
  }

  function addRow(block) {
    const key = block.getAttribute("data-block");
    const template = block.querySelector("template.row-template");
    const row = template.content.firstElementChild.cloneNode(true);
    const oldIndex = row.getAttribute("data-row");
    let next = 0;
    block.querySelectorAll(".rows > .row").forEach(function (existing) {
      next = Math.max(next, Number(existing.getAttribute("data-row")) + 1);
    });
    const pairs = [
      [key + "." + oldIndex + ".", key + "." + next + "."],
      ["q-" + key.split(".").join("-") + "-" + oldIndex + "-", "q-" + key.split(".").join("-") + "-" + next + "-"],
    ];
    row.setAttribute("data-row", String(next));
    for (const element of [row].concat(Array.from(row.querySelectorAll("*")))) {
      for (const [from, to] of pairs) rename(element, from, to);
    }
    block.querySelector(".rows").appendChild(row);
    renumber(block);
    const first = row.querySelector("input, textarea, select");
    if (first) first.focus();
    return row;
  }

  document.querySelectorAll("[data-block]").forEach(function (block) {
    block.querySelector("[data-add]").addEventListener("click", function () {
      addRow(block);
    });
    block.addEventListener("click", function (event) {
      const button = event.target.closest("[data-remove]");
      if (!button) return;
      button.closest(".row").remove();
      unsaved = true;
      renumber(block);
    });
    renumber(block);
  });

  // --- saving -------------------------------------------------------------------------------

  function answers() {
    const fields = {};
    for (const element of Array.from(form.elements)) {
      if (!element.name) continue;
      if (element.type === "checkbox") {
        fields[element.name] = element.checked;
      } else if (!element.disabled) {
        fields[element.name] = element.value;
      }
    }
    return {
      format: data.format,
      version: data.version,
      project: data.project,
      saved: new Date().toISOString(),
      fields: fields,
    };
  }

  function download(text, name) {
    const blob = new Blob([text], { type: "application/json" });
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 10000);
  }

  document.getElementById("save").addEventListener("click", function () {
    const problems = inputs(form).filter(function (input) {
      return !input.disabled && !refresh(input);
    });
    download(JSON.stringify(answers(), null, 2) + "\n", "answers.json");
    unsaved = false;
    const whom = data.replyTo ? words("to", { email: data.replyTo }) : "";
    if (problems.length) {
      status.className = "status bad";
      status.textContent = words(problems.length === 1 ? "savedProblem" : "savedProblems",
        { count: problems.length, whom: whom });
      problems[0].focus();
    } else {
      status.className = "status ok";
      status.textContent = words("saved", { whom: whom });
    }
    document.body.setAttribute("data-saved", String(Date.now()));
  });

  window.addEventListener("beforeunload", function (event) {
    if (unsaved) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // Pre-filled answers are checked at once, and "none" boxes take effect.
  inputs(form).forEach(function (input) {
    if (input.value.trim()) refresh(input);
  });
  document.querySelectorAll("[data-none-for]").forEach(noneBox);
})();
