/// The HTML report's script, inlined into the page: it reads the data (`AuditHTMLData`) and draws the matrix a page at
/// a time (`AuditReportHTML.pageSize` rows), sorts it when a column title is clicked, filters it by principal and by an
/// operation's verdict, and opens a cell's explanation under its row when the cell is clicked.
///
/// The page's state is in its URL fragment, so a view can be linked to and a test can ask for one:
/// `filter=TEXT` (principals whose name or ARN contains it, any case), `op=OPERATION` and `verdict=VERDICT` (principals
/// with that verdict for that operation; without `op`, for any operation), `sort=principal|type|account|OPERATION` with
/// `dir=asc|desc`, `page=N`, and `open=ROW,OPERATION` (the explanation of the principal numbered ROW in the `#` column,
/// for the operation named or numbered from 1; its page is shown). Plain JavaScript, no library.
enum AuditHTMLScript {
    static let source = #"""
        (function () {
          "use strict";
          var VERDICTS = ["allowed", "undetermined", "denied"], MARKS = ["\u2713", "?", "\u2717"];
          var data = JSON.parse(document.getElementById("audit-data").textContent);
          var S = data.strings, T = data.texts, L = data.lists, C = data.columns, W = data.width;
          var multi = data.accounts.length > 1, width = 3 + (multi ? 1 : 0) + C.length;
          var table = document.getElementById("matrix-table"), body = document.getElementById("matrix-rows");
          var pageSize = parseInt(table.getAttribute("data-page-size"), 10) || 200;
          var DIGIT = {}, ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
          for (var d = 0; d < 64; d++) DIGIT[ALPHABET.charCodeAt(d)] = d;
          function unpack(packed) {
            var values = [];
            for (var k = 0; k < packed.length; k += W) {
              var n = 0;
              for (var j = 0; j < W; j++) n = n * 64 + DIGIT[packed.charCodeAt(k + j)];
              values.push(n);
            }
            return values;
          }
          var cache = {};
          function text(i) {
            if (i < S.length) return S[i];
            if (!(i in cache)) cache[i] = unpack(T[i - S.length]).map(text).join("");
            return cache[i];
          }
          function texts(list) { return unpack(L[list]).map(text); }
          var P = data.principals.map(unpack), X = data.explanations.map(unpack);
          var names = [], lowerNames = [], lowerArns = [];
          P.forEach(function (p) {
            var arn = text(p[0]), parts = arn.split(":");
            var name = parts.length >= 6 ? parts.slice(5).join(":") : arn;
            names.push(name); lowerNames.push(name.toLowerCase()); lowerArns.push(arn.toLowerCase());
          });
          var state = { filter: "", op: "", verdict: "", sort: "", dir: "asc", page: 1, open: null };
          var view = [];
          var $ = function (id) { return document.getElementById(id); };

          function el(tag, cls, text) {
            var node = document.createElement(tag);
            if (cls) node.className = cls;
            if (text !== undefined) node.textContent = text;
            return node;
          }
          function columnOf(text) {
            var index = C.indexOf(text), number = parseInt(text, 10);
            if (index >= 0) return index;
            return String(number) === text && number >= 1 && number <= C.length ? number - 1 : -1;
          }
          function readFragment() {
            var text = location.hash.replace(/^#/, "") || location.search.replace(/^\?/, "");
            var params = new URLSearchParams(text), sort = params.get("sort") || "";
            state.filter = params.get("filter") || "";
            state.op = C.indexOf(params.get("op")) >= 0 ? params.get("op") : "";
            state.verdict = VERDICTS.indexOf(params.get("verdict")) >= 0 ? params.get("verdict") : "";
            state.sort = ["principal", "type", "account"].indexOf(sort) >= 0 || C.indexOf(sort) >= 0 ? sort : "";
            state.dir = params.get("dir") === "desc" ? "desc" : "asc";
            state.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
            state.open = null;
            var open = (params.get("open") || "").split(",");
            if (open.length === 2) {
              var row = parseInt(open[0], 10) - 1, column = columnOf(open[1]);
              if (row >= 0 && row < P.length && column >= 0) state.open = [row, column];
            }
          }
          function writeFragment() {
            var params = new URLSearchParams();
            if (state.filter) params.set("filter", state.filter);
            if (state.op) params.set("op", state.op);
            if (state.verdict) params.set("verdict", state.verdict);
            if (state.sort) { params.set("sort", state.sort); params.set("dir", state.dir); }
            if (state.page > 1) params.set("page", String(state.page));
            if (state.open) params.set("open", (state.open[0] + 1) + "," + C[state.open[1]]);
            var text = params.toString();
            try {
              history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
            } catch (error) { /* a page opened where history cannot change keeps its address */ }
          }
          function syncControls() {
            $("filter").value = state.filter;
            $("op").value = state.op;
            $("verdict").value = state.verdict;
          }
          function matches(i) {
            var filter = state.filter.toLowerCase();
            if (filter && lowerNames[i].indexOf(filter) < 0 && lowerArns[i].indexOf(filter) < 0) return false;
            if (!state.verdict) return true;
            var verdict = VERDICTS.indexOf(state.verdict), p = P[i];
            if (state.op) return X[p[3 + C.indexOf(state.op)]][0] === verdict;
            for (var c = 0; c < C.length; c++) if (X[p[3 + c]][0] === verdict) return true;
            return false;
          }
          function sortKey(i) {
            if (state.sort === "principal") return names[i];
            if (state.sort === "type") return P[i][1];
            if (state.sort === "account") return text(P[i][2]);
            return X[P[i][3 + C.indexOf(state.sort)]][0];
          }
          function compute() {
            view = [];
            for (var i = 0; i < P.length; i++) if (matches(i)) view.push(i);
            if (!state.sort) return;
            var keys = {}, sign = state.dir === "desc" ? -1 : 1;
            view.forEach(function (i) { keys[i] = sortKey(i); });
            view.sort(function (a, b) {
              return keys[a] < keys[b] ? -sign : keys[a] > keys[b] ? sign : a - b;
            });
          }
          function pages() { return Math.max(1, Math.ceil(view.length / pageSize)); }
          function list(values, make) {
            var ul = el("ul");
            values.forEach(function (value) { ul.appendChild(make(value)); });
            return ul;
          }
          function explanation(i, c) {
            var p = P[i], x = X[p[3 + c]], verdict = VERDICTS[x[0]];
            var tr = el("tr", "explain"), td = el("td"), box = el("div", "explanation"), dl = el("dl");
            tr.setAttribute("data-row", String(i + 1));
            td.colSpan = width;
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", "Why " + names[i] + " is " + verdict + " for " + C[c]);
            var heading = el("h3");
            heading.appendChild(el("code", "", names[i]));
            heading.appendChild(document.createTextNode(" \u2014 " + C[c] + ": "));
            heading.appendChild(el("span", "chip v-" + verdict, MARKS[x[0]] + " " + verdict));
            box.appendChild(heading);
            function item(title, content) {
              dl.appendChild(el("dt", "", title));
              var dd = el("dd");
              dd.appendChild(content);
              dl.appendChild(dd);
            }
            function lines(values) { return list(values, function (line) { return el("li", "", line); }); }
            var reasons = texts(x[1]), deciding = texts(x[2]), blocked = texts(x[3]), conditions = texts(x[4]);
            var groups = texts(p[4 + C.length]);
            if (data.statements[c] >= 0) item("Statement", el("code", "", text(data.statements[c])));
            if (reasons.length) item("Why", lines(reasons));
            if (deciding.length) {
              var pairs = [];
              for (var k = 0; k + 1 < deciding.length; k += 2) pairs.push([deciding[k], deciding[k + 1]]);
              item("Deciding statements", list(pairs, function (pair) {
                var li = el("li");
                li.appendChild(el("span", "policy", pair[0]));
                li.appendChild(document.createTextNode(": " + pair[1]));
                return li;
              }));
            }
            if (blocked.length) item("Blocked by", el("span", "", blocked.join(", ")));
            if (conditions.length) item("Conditions", lines(conditions));
            if (groups.length) item("Groups", el("span", "", groups.join(", ")));
            item("Policies", lines(texts(p[3 + C.length])));
            item("ARN", el("code", "", text(p[0])));
            box.appendChild(dl);
            td.appendChild(box);
            tr.appendChild(td);
            return tr;
          }
          function row(i) {
            var p = P[i], tr = el("tr"), name = el("th", "name", names[i]);
            tr.setAttribute("data-row", String(i + 1));
            tr.setAttribute("data-principal", names[i]);
            tr.appendChild(el("td", "num", String(i + 1)));
            name.scope = "row";
            name.title = text(p[0]);
            tr.appendChild(name);
            tr.appendChild(el("td", "type", p[1] ? "role" : "user"));
            if (multi) tr.appendChild(el("td", "account", text(p[2])));
            for (var c = 0; c < C.length; c++) {
              var v = X[p[3 + c]][0], td = el("td", "cell v-" + VERDICTS[v]);
              var button = el("button", "", MARKS[v] + " " + VERDICTS[v]);
              button.type = "button";
              button.setAttribute("data-col", String(c));
              button.setAttribute("aria-expanded", String(!!state.open && state.open[0] === i && state.open[1] === c));
              button.title = "Why " + VERDICTS[v] + "? (" + C[c] + ")";
              td.appendChild(button);
              tr.appendChild(td);
            }
            return tr;
          }
          function render() {
            state.page = Math.min(state.page, pages());
            var start = (state.page - 1) * pageSize, end = Math.min(view.length, start + pageSize);
            var fragment = document.createDocumentFragment();
            for (var k = start; k < end; k++) {
              fragment.appendChild(row(view[k]));
              if (state.open && state.open[0] === view[k]) fragment.appendChild(explanation(view[k], state.open[1]));
            }
            body.replaceChildren(fragment);
            var count = view.length.toLocaleString("en");
            $("shown").textContent = count + " of " + P.length.toLocaleString("en") + " principals shown";
            $("page-status").textContent = view.length
              ? "Rows " + (start + 1).toLocaleString("en") + "\u2013" + end.toLocaleString("en") + " of " + count
                + " (page " + state.page + " of " + pages() + ")"
              : "No principal matches";
            $("previous").disabled = state.page <= 1;
            $("next").disabled = state.page >= pages();
            $("pager").hidden = pages() <= 1;
            if (!view.length) {
              var empty = el("tr"), td = el("td", "num", "No principal matches the filter.");
              td.colSpan = width;
              empty.appendChild(td);
              body.appendChild(empty);
            }
            Array.prototype.forEach.call(table.tHead.querySelectorAll("th[data-sort]"), function (th) {
              var key = th.getAttribute("data-sort");
              th.setAttribute("aria-sort", key === state.sort ? (state.dir === "desc" ? "descending" : "ascending") : "none");
            });
            writeFragment();
          }
          function update(jumpToOpen) {
            compute();
            if (state.open) {
              var position = view.indexOf(state.open[0]);
              if (position < 0) state.open = null;
              else if (jumpToOpen) state.page = Math.floor(position / pageSize) + 1;
            }
            render();
          }
          function toggle(i, c) {
            var old = body.querySelector("tr.explain"), same = state.open && state.open[0] === i && state.open[1] === c;
            if (old) body.removeChild(old);
            Array.prototype.forEach.call(body.querySelectorAll("button[aria-expanded=true]"), function (b) {
              b.setAttribute("aria-expanded", "false");
            });
            state.open = same ? null : [i, c];
            var tr = body.querySelector("tr[data-row='" + (i + 1) + "']:not(.explain)");
            if (state.open && tr) {
              tr.parentNode.insertBefore(explanation(i, c), tr.nextSibling);
              tr.querySelector("button[data-col='" + c + "']").setAttribute("aria-expanded", "true");
            }
            writeFragment();
          }

          $("controls").hidden = false;
          $("hint").hidden = false;
          $("controls").addEventListener("submit", function (event) { event.preventDefault(); });
          $("filter").addEventListener("input", function () { state.filter = this.value; state.page = 1; update(false); });
          $("op").addEventListener("change", function () { state.op = this.value; state.page = 1; update(false); });
          $("verdict").addEventListener("change", function () { state.verdict = this.value; state.page = 1; update(false); });
          $("previous").addEventListener("click", function () { state.page -= 1; state.open = null; render(); });
          $("next").addEventListener("click", function () { state.page += 1; state.open = null; render(); });
          table.tHead.addEventListener("click", function (event) {
            var th = event.target.closest("th[data-sort]");
            if (!th) return;
            var key = th.getAttribute("data-sort");
            if (state.sort === key) state.dir = state.dir === "asc" ? "desc" : "asc";
            else state.dir = C.indexOf(key) >= 0 ? "desc" : "asc";
            state.sort = key;
            update(true);
          });
          body.addEventListener("click", function (event) {
            var button = event.target.closest("button[data-col]");
            if (!button) return;
            var tr = button.closest("tr");
            toggle(parseInt(tr.getAttribute("data-row"), 10) - 1, parseInt(button.getAttribute("data-col"), 10));
          });
          window.addEventListener("hashchange", function () { readFragment(); syncControls(); update(true); });
          readFragment();
          syncControls();
          update(true);
        })();
        """#
}
