/* Trợ lý ảo – giao diện web (HTML/CSS/JS thuần, không bước build).
 *
 * Principles kept throughout this file:
 *  - Text coming from the server (answers, document text, indicator fields) is
 *    always inserted as text nodes, never through innerHTML, so a document that
 *    happens to contain "<b>" or a script tag is shown literally and safely.
 *  - Every network failure ends up as a visible Vietnamese message, never a
 *    blank area.
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------- constants
  var STORAGE_KEY = "trolyao.conversation_id";
  var API_KEY_STORAGE = "trolyao.api_key";
  var CHAT_TIMEOUT_MS = 120000;   // answers may need an LLM: be patient
  var DATA_TIMEOUT_MS = 30000;

  /* Questions that name no unit or document; corpusSuggestions() swaps in
     some built from the documents actually loaded. */
  var SUGGESTIONS = [
    "Có bao nhiêu chỉ tiêu đã hoàn thành?",
    "Những chỉ tiêu nào chưa đạt?",
    "Những chỉ tiêu nào đang thực hiện?",
    "Có bao nhiêu chỉ tiêu về chính quyền số?",
    "tong so tram bts toan tinh"
  ];

  // Order matters: it is the display order of the status counters.
  var STATUSES = ["completed", "in_progress", "not_completed", "unknown"];
  var STATUS_LABELS = {
    completed: "Đã hoàn thành",
    in_progress: "Đang thực hiện",
    not_completed: "Chưa đạt",
    unknown: "Chưa rõ"
  };
  var STATUS_SOURCE_LABELS = { stated: "theo văn bản", derived: "suy ra từ số liệu" };
  var LEVEL_LABELS = { "tỉnh": "Cấp tỉnh", "huyện": "Cấp huyện", "huyện-thị xã": "Cấp huyện, thị xã", "xã": "Cấp xã" };
  var VIEW_HASH = { chat: "#hoi-dap", indicators: "#chi-tieu", legal: "#can-cu-phap-ly",
                    consolidation: "#tong-hop", documents: "#tai-lieu" };

  // ------------------------------------------------------------------- state
  var state = {
    documents: {},          // name -> document metadata (from /api/documents)
    documentsReady: null,   // promise, so views can wait for short titles
    docCache: {},           // name -> promise of full document (text is large: fetch once)
    conversationId: null,
    busy: false,
    messageSeq: 0,          // gives each rendered answer a unique id prefix
    sourceSeq: 0,           // discards stale source-panel loads
    sourceReturnFocus: null,
    highlight: null,
    indicatorsSeq: 0,
    allIndicators: null,    // unfiltered list, used only to build the group list
    legal: null,
    loadedViews: {}
  };

  // ------------------------------------------------------------- DOM helpers
  function $(id) { return document.getElementById(id); }

  /* el("div", {class: "x", "data-testid": "y"}, child, "text", ...) – builds DOM
     without innerHTML; strings become text nodes. */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "text") node.textContent = value;
        else if (key.slice(0, 2) === "on" && typeof value === "function") node.addEventListener(key.slice(2), value);
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(parent, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(parent, c); }); return; }
    parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  /* Icons live in the sprite of index.html. The markup here is a constant
     built from our own icon names, never from server data. */
  var iconTemplate = document.createElement("template");
  function icon(name, extraClass) {
    iconTemplate.innerHTML = '<svg class="icon ' + (extraClass || "") + '" aria-hidden="true" focusable="false"><use href="#i-' + name + '"></use></svg>';
    return iconTemplate.content.firstChild;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function collapse(text) { return String(text || "").replace(/\s+/g, " ").trim(); }

  /* The server speaks ISO dates ("2023-04-26"); officials read dd/mm/yyyy. */
  function formatDate(value) {
    if (!value) return "";
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
    if (m) return m[3] + "/" + m[2] + "/" + m[1];
    m = /^(\d{4})-(\d{2})$/.exec(value);
    if (m) return m[2] + "/" + m[1];
    return String(value);
  }

  function formatSeconds(ms) {
    if (typeof ms !== "number" || !isFinite(ms)) return "";
    if (ms < 100) return "dưới 0,1 giây";   // "0,0 giây" would read as a glitch
    return (ms / 1000).toLocaleString("vi-VN", { maximumFractionDigits: 1, minimumFractionDigits: 1 }) + " giây";
  }

  function levelLabel(level) {
    if (!level) return "";
    return LEVEL_LABELS[level] || "Cấp " + level;
  }

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments, self = this;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(self, args); }, wait);
    };
  }

  // --------------------------------------------------------------------- API
  function ApiError(message, status) {
    this.message = message;
    this.status = status || 0;
  }

  /* fetch() wrapper: JSON in/out, Vietnamese error messages. The server's
     {"detail": "..."} is shown as is because it is already written for users. */
  function storedKey() {
    try { return localStorage.getItem(API_KEY_STORAGE) || ""; } catch (e) { return ""; }
  }

  /* When the server answers 401 the page asks for an API key once (every waiting request shares
     the same dialog), keeps it in localStorage and sends it as a Bearer token from then on. */
  var keyPrompt = null;
  function askForKey(message) {
    if (keyPrompt) return keyPrompt;
    var dialog = $("key-dialog"), input = $("key-input");
    $("key-message").textContent = message || "Máy chủ này yêu cầu khóa API. Hãy nhập khóa được quản trị viên cấp.";
    input.value = "";
    keyPrompt = new Promise(function (resolve) {
      function done(key) {
        dialog.removeEventListener("close", onClose);
        if (dialog.open) dialog.close();
        keyPrompt = null;
        resolve(key);
      }
      function onClose() { done(dialog.returnValue === "save" ? input.value.trim() : ""); }
      dialog.addEventListener("close", onClose);
      $("key-cancel").onclick = function () { dialog.returnValue = ""; dialog.close(); };
      dialog.returnValue = "";
      dialog.showModal();
      input.focus();
    });
    return keyPrompt;
  }

  function api(path, options) {
    options = options || {};
    return apiOnce(path, options).catch(function (err) {
      if (!(err instanceof ApiError) || err.status !== 401 || options.noPrompt) throw err;
      return askForKey(err.message).then(function (key) {
        if (!key) throw new ApiError("Cần khóa API để dùng trợ lý. Tải lại trang để nhập khóa.", 401);
        try { localStorage.setItem(API_KEY_STORAGE, key); } catch (e) { /* private mode: key kept for this request only */ }
        return api(path, Object.assign({}, options, { key: key }));
      });
    });
  }

  function apiOnce(path, options) {
    var controller = new AbortController();
    var timeout = setTimeout(function () { controller.abort(); }, options.timeout || DATA_TIMEOUT_MS);
    var init = { method: options.method || "GET", headers: { "Accept": "application/json" }, signal: controller.signal };
    var key = options.key || storedKey();
    if (key) init.headers["Authorization"] = "Bearer " + key;
    if (options.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    return fetch(path, init).then(function (resp) {
      return resp.text().then(function (raw) {
        var data = null;
        try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
        if (!resp.ok) {
          var detail = data && typeof data.detail === "string" ? data.detail : null;
          throw new ApiError(detail || ("Máy chủ gặp lỗi (mã " + resp.status + "). Vui lòng thử lại sau."), resp.status);
        }
        if (data === null) throw new ApiError("Máy chủ trả về dữ liệu không hợp lệ.", resp.status);
        return data;
      });
    }, function (err) {
      if (err && err.name === "AbortError") throw new ApiError("Máy chủ phản hồi quá lâu. Vui lòng thử lại.", 0);
      throw new ApiError("Không kết nối được với máy chủ. Vui lòng kiểm tra mạng và thử lại.", 0);
    }).finally(function () { clearTimeout(timeout); });
  }

  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      if (params[k]) parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(params[k]));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  // --------------------------------------------------------------- documents
  function loadDocuments() {
    state.documentsReady = api("/api/documents").then(function (docs) {
      (docs || []).forEach(function (d) { state.documents[d.name] = d; });
      var note = $("doc-count-note");
      if (docs && docs.length) {
        note.textContent = "Trả lời dựa trên " + docs.length + " kế hoạch, báo cáo chuyển đổi số của tỉnh, có trích dẫn nguồn.";
      }
      return state.documents;
    }).catch(function () {
      // Short titles are a nicety: views fall back to file names / citation titles.
      return state.documents;
    });
    return state.documentsReady;
  }

  function shortTitle(name, fallback) {
    var d = state.documents[name];
    return (d && (d.short_title || d.title)) || fallback || name;
  }

  function getDocument(name) {
    if (!state.docCache[name]) {
      state.docCache[name] = api("/api/documents/" + encodeURIComponent(name)).catch(function (err) {
        delete state.docCache[name];   // allow a retry after a failure
        throw err;
      });
    }
    return state.docCache[name];
  }

  // ------------------------------------------------------------------ router
  function currentViewFromHash() {
    var hash = location.hash;
    if (hash === VIEW_HASH.indicators) return "indicators";
    if (hash === VIEW_HASH.legal) return "legal";
    if (hash === VIEW_HASH.consolidation) return "consolidation";
    if (hash === VIEW_HASH.documents) return "documents";
    return "chat";
  }

  function showView(name) {
    document.querySelectorAll(".view").forEach(function (v) { v.hidden = v.getAttribute("data-view") !== name; });
    document.querySelectorAll(".tab").forEach(function (t) {
      if (t.getAttribute("data-view") === name) t.setAttribute("aria-current", "page");
      else t.removeAttribute("aria-current");
    });
    document.body.setAttribute("data-view", name);
    // Views other than chat load their data lazily, the first time they are shown.
    if (!state.loadedViews[name]) {
      state.loadedViews[name] = true;
      if (name === "indicators") initIndicators();
      if (name === "legal") initLegal();
      if (name === "consolidation") initConsolidation();
      if (name === "documents") initDocuments();
    }
    // Focus the question box on desktop only: on a phone it would pop up the keyboard.
    if (name === "chat" && window.matchMedia("(pointer: fine)").matches) $("chat-input").focus({ preventScroll: true });
  }

  // ==================================================================== CHAT
  var chatColumn, chatLog, chatInput, chatSend;

  function scrollChatToBottom() { chatLog.scrollTop = chatLog.scrollHeight; }

  function scrollChatTo(node) {
    var offset = node.getBoundingClientRect().top - chatLog.getBoundingClientRect().top;
    chatLog.scrollTop = Math.max(0, chatLog.scrollTop + offset - 12);
  }

  function renderEmptyState() {
    clear(chatColumn);
    var list = el("div", { class: "suggestions", role: "list" });
    SUGGESTIONS.forEach(function (q) {
      list.appendChild(el("div", { role: "listitem" },
        el("button", { type: "button", class: "suggestion", "data-testid": "suggestion", onclick: function () { sendQuestion(q); } },
          icon("chat"), el("span", { text: q }))));
    });
    chatColumn.appendChild(el("div", { class: "empty-state", "data-testid": "empty-state" },
      el("div", { class: "empty-emblem" }, icon("bot")),
      el("h3", { class: "empty-title", text: "Xin chào! Tôi có thể giúp gì cho anh/chị?" }),
      el("p", { class: "empty-text", text: "Đặt câu hỏi về kế hoạch, báo cáo chuyển đổi số của tỉnh Thanh Hóa. Mỗi câu trả lời đều kèm trích dẫn để anh/chị đối chiếu văn bản gốc." }),
      el("p", { class: "suggestions-title", text: "Câu hỏi gợi ý" }),
      list));
  }

  function removeEmptyState() {
    var empty = chatColumn.querySelector(".empty-state");
    if (empty) empty.remove();
  }

  function renderUserMessage(text) {
    var node = el("div", { class: "msg msg-user", "data-testid": "message-user" },
      el("div", { class: "bubble", text: text }));
    chatColumn.appendChild(node);
    return node;
  }

  /* Answer text is plain text with markers "[1]" (also "[1, 2]"). Markers that
     match a citation become superscript links; everything else stays text. */
  function renderAnswerText(container, text, citations, prefix) {
    var ids = {};
    citations.forEach(function (c) { ids[c.id] = c; });
    var re = /\[(\d+(?:\s*[,;]\s*\d+)*)\]/g;
    var last = 0, m;
    while ((m = re.exec(text)) !== null) {
      var numbers = m[1].split(/\s*[,;]\s*/);
      var known = numbers.every(function (n) { return ids[n]; });
      if (!known) continue;   // e.g. "[2023]" in a quote: leave as text
      container.appendChild(document.createTextNode(text.slice(last, m.index)));
      var sup = el("sup", { class: "cite-refs" });
      numbers.forEach(function (n) {
        var c = ids[n];
        sup.appendChild(el("a", {
          class: "cite-ref", href: "#" + prefix + "-" + n, "data-cite": n,
          "aria-label": "Trích dẫn " + n + ": " + shortTitle(c.source, c.title),
          title: shortTitle(c.source, c.title) + (c.section ? " – " + c.section : ""),
          onclick: function (ev) { ev.preventDefault(); openCitation(c, ev.currentTarget); },
          text: "[" + n + "]"
        }));
      });
      container.appendChild(sup);
      last = re.lastIndex;
    }
    container.appendChild(document.createTextNode(text.slice(last)));
  }

  var VISIBLE_CITATIONS = 8;

  /* Listing answers can cite dozens of rows: show the first few chips and
     keep the rest one click away (superscript markers still open any of them). */
  function renderCitations(citations, prefix, testid) {
    var list = el("ol", { class: "citation-list" });
    citations.forEach(function (c, index) {
      var title = shortTitle(c.source, c.title);
      list.appendChild(el("li", { hidden: index >= VISIBLE_CITATIONS },
        el("button", {
          type: "button", class: "citation", id: prefix + "-" + c.id, "data-testid": testid || "citation",
          "data-source": c.source, "data-start": c.start, "data-end": c.end,
          title: "Mở văn bản: " + (c.title || title),
          onclick: function (ev) { openCitation(c, ev.currentTarget); }
        },
          el("span", { class: "citation-num", text: String(c.id) }),
          el("span", { class: "citation-body" },
            el("span", { class: "citation-title", text: title }),
            c.section ? el("span", { class: "citation-section", text: c.section }) : null))));
    });
    var extra = citations.length - VISIBLE_CITATIONS;
    var more = extra > 0 ? el("button", {
      type: "button", class: "link-btn citations-more",
      onclick: function (ev) {
        var revealed = list.querySelectorAll("li[hidden]");
        revealed.forEach(function (li) { li.hidden = false; });
        ev.currentTarget.remove();
        // The button is gone: keep keyboard users in place, on the first revealed chip.
        if (revealed.length) revealed[0].querySelector("button").focus();
      }
    }, "Hiện thêm " + extra + " nguồn") : null;
    return el("div", { class: "citations" },
      el("p", { class: "citations-label" }, icon("doc"), "Nguồn trích dẫn (" + citations.length + ")"), list, more);
  }

  var VISIBLE_ITEMS = 10;

  /* Long lists: the count and the first ten items stay visible, the rest one click away. */
  function renderCollapsedAnswer(container, text, citations, prefix) {
    var lines = text.split("\n"), items = 0, cut = lines.length;
    for (var i = 0; i < lines.length; i++) {
      if (/^\s*-\s/.test(lines[i]) && ++items > VISIBLE_ITEMS) { cut = i; break; }
    }
    renderAnswerText(container, lines.slice(0, cut).join("\n"), citations, prefix);
    if (cut >= lines.length) return;
    var rest = lines.slice(cut);
    var hiddenCount = rest.filter(function (l) { return /^\s*-\s/.test(l); }).length;
    var more = el("div", { class: "answer-more", hidden: true, "data-testid": "answer-more" });
    renderAnswerText(more, "\n" + rest.join("\n"), citations, prefix);
    container.appendChild(more);
    container.appendChild(el("button", {
      type: "button", class: "link-btn answer-expand", "data-testid": "answer-expand",
      onclick: function (ev) { more.hidden = false; ev.currentTarget.remove(); }
    }, "Hiện thêm " + hiddenCount));
  }

  /* Copy, print / save as PDF, download as .txt: the answer text with its sources listed. */
  function answerAsText(answer) {
    var lines = [String(answer.question || ""), "", String(answer.answer || ""), ""];
    (answer.citations || []).forEach(function (c) {
      lines.push("[" + c.id + "] " + (c.title || c.source) + (c.section ? " – " + c.section : "") + ": «" + c.quote + "»");
    });
    return lines.join("\n").trim() + "\n";
  }

  function renderAnswerActions(node, answer) {
    var status = el("span", { class: "answer-action-status", role: "status" });
    function copy() {
      var text = answerAsText(answer);
      var done = function () { status.textContent = "Đã chép"; };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { status.textContent = "Không chép được"; });
      } else {
        var area = el("textarea", {}); area.value = text; document.body.appendChild(area);
        area.select(); try { document.execCommand("copy"); done(); } finally { area.remove(); }
      }
    }
    function print() {
      node.classList.add("print-target"); document.body.classList.add("printing-answer");
      var clear = function () { node.classList.remove("print-target"); document.body.classList.remove("printing-answer"); window.removeEventListener("afterprint", clear); };
      window.addEventListener("afterprint", clear);
      window.print();
      setTimeout(clear, 0);
    }
    function download() {
      var url = URL.createObjectURL(new Blob([answerAsText(answer)], { type: "text/plain;charset=utf-8" }));
      var a = el("a", { href: url, download: "tra-loi.txt" }); document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }
    return el("div", { class: "answer-actions", "data-testid": "answer-actions" },
      el("button", { type: "button", class: "link-btn", "data-testid": "answer-copy", onclick: copy }, "Chép"),
      el("button", { type: "button", class: "link-btn", "data-testid": "answer-print", onclick: print }, "In / Lưu PDF"),
      el("button", { type: "button", class: "link-btn", "data-testid": "answer-download", onclick: download }, "Tải .txt"),
      status);
  }

  function renderAnswer(answer) {
    answer = answer || {};
    var found = answer.found !== false;
    var citations = Array.isArray(answer.citations) ? answer.citations : [];
    var prefix = "cite-m" + (++state.messageSeq);
    var text = String(answer.answer || "");
    var node = el("article", {
      class: "msg msg-answer" + (found ? "" : " msg-notfound"),
      "data-testid": "message-answer", "data-found": found ? "true" : "false"
    });

    if (found) {
      node.appendChild(el("header", { class: "answer-head" },
        el("span", { class: "answer-avatar" }, icon("bot")),
        el("span", { class: "answer-who", text: "Trợ lý ảo" })));
      var body = el("div", { class: "answer-text" });
      renderCollapsedAnswer(body, text, citations, prefix);
      node.appendChild(body);
      node.appendChild(renderAnswerActions(node, answer));
      if (citations.length) node.appendChild(renderCitations(citations, prefix));
    } else {
      // A "not found" reply must never look like an answer: amber box, icon, fixed title.
      node.appendChild(el("header", { class: "notfound-head" },
        icon("searchoff", "notfound-icon"),
        el("strong", { class: "notfound-title", text: "Không tìm thấy trong tài liệu" })));
      if (text) node.appendChild(el("p", { class: "notfound-text", text: text }));
      node.appendChild(el("p", { class: "notfound-hint", text: "Gợi ý: nêu rõ tên văn bản, đơn vị hoặc năm; hoặc xem các mục “Chỉ tiêu” và “Căn cứ pháp lý”." }));
      // Closest passages, clearly labelled: they are not an answer.
      var related = Array.isArray(answer.related) ? answer.related : [];
      if (related.length) {
        var rel = renderCitations(related, prefix + "-rel", "related-citation");
        rel.classList.add("related");
        rel.setAttribute("data-testid", "related");
        rel.querySelector(".citations-label").lastChild.textContent = "Có thể liên quan (không phải câu trả lời)";
        node.appendChild(rel);
      }
    }

    var seconds = formatSeconds(answer.latency_ms);
    if (seconds) node.appendChild(el("p", { class: "answer-meta", text: "Thời gian xử lý: " + seconds }));
    chatColumn.appendChild(node);
    return node;
  }

  function showLoading() {
    var node = el("div", { class: "msg msg-loading", "data-testid": "chat-loading", role: "status" },
      el("span", { class: "dots", "aria-hidden": "true" }, el("span"), el("span"), el("span")),
      el("span", { text: "Đang tra cứu tài liệu…" }));
    chatColumn.appendChild(node);
    scrollChatToBottom();
    return node;
  }

  function showChatError(message, retryQuestion) {
    var node = el("div", { class: "msg msg-error", "data-testid": "chat-error", role: "alert" },
      icon("warn", "error-icon"),
      el("div", { class: "error-body" },
        el("strong", { text: "Chưa nhận được câu trả lời" }),
        el("p", { text: message }),
        retryQuestion ? el("button", {
          type: "button", class: "btn btn-small btn-outline",
          onclick: function () { node.remove(); sendQuestion(retryQuestion, { skipUserBubble: true }); }
        }, icon("retry"), "Thử lại") : null));
    chatColumn.appendChild(node);
    scrollChatToBottom();
    return node;
  }

  function setBusy(busy) {
    state.busy = busy;
    chatSend.disabled = busy;
    chatSend.setAttribute("aria-busy", busy ? "true" : "false");
    document.querySelectorAll(".suggestion").forEach(function (b) { b.disabled = busy; });
  }

  function rememberConversation(id) {
    state.conversationId = id || null;
    try {
      if (id) localStorage.setItem(STORAGE_KEY, id);
      else localStorage.removeItem(STORAGE_KEY);
    } catch (e) { /* private mode: the conversation simply won't survive a reload */ }
  }

  function postChat(question) {
    return api("/api/chat", {
      method: "POST", timeout: CHAT_TIMEOUT_MS,
      body: { question: question, conversation_id: state.conversationId }
    }).catch(function (err) {
      // The server forgot our conversation (e.g. restarted): start a fresh one once.
      if (err.status === 404 && state.conversationId) {
        rememberConversation(null);
        return postChat(question);
      }
      throw err;
    });
  }

  function sendQuestion(rawQuestion, opts) {
    var question = String(rawQuestion || "").trim();
    if (!question || state.busy) return;
    opts = opts || {};
    removeEmptyState();
    var userNode = opts.skipUserBubble ? null : renderUserMessage(question);
    chatInput.value = "";
    autosize();
    setBusy(true);
    var loading = showLoading();
    postChat(question).then(function (data) {
      loading.remove();
      rememberConversation(data.conversation_id);
      var answerNode = renderAnswer(data.answer);
      // Bring the question to the top so a long answer is read from its start.
      scrollChatTo(userNode || answerNode);
    }).catch(function (err) {
      loading.remove();
      showChatError(err.message || "Đã có lỗi xảy ra.", question);
    }).finally(function () {
      setBusy(false);
      chatInput.focus({ preventScroll: true });
    });
  }

  function renderConversation(conv) {
    clear(chatColumn);
    var messages = (conv && conv.messages) || [];
    if (!messages.length) { renderEmptyState(); return; }
    messages.forEach(function (m) {
      if (m.role === "user") renderUserMessage(m.text || "");
      else renderAnswer(m.answer || { answer: m.text, found: true, citations: [] });
    });
    scrollChatToBottom();
  }

  function restoreConversation() {
    var id = null;
    try { id = localStorage.getItem(STORAGE_KEY); } catch (e) { id = null; }
    if (!id) { renderEmptyState(); return; }
    state.conversationId = id;
    var loading = showLoading();
    loading.lastChild.textContent = "Đang tải cuộc trò chuyện…";
    setBusy(true);
    api("/api/conversations/" + encodeURIComponent(id)).then(function (conv) {
      renderConversation(conv);
    }).catch(function (err) {
      loading.remove();
      if (err.status === 404) {
        // Unknown to the server: silently start afresh instead of showing an error.
        rememberConversation(null);
        renderEmptyState();
      } else {
        renderEmptyState();
        showChatError("Không tải được cuộc trò chuyện trước. " + err.message, null);
      }
    }).finally(function () { setBusy(false); });
  }

  function newConversation() {
    if (state.busy) return;
    rememberConversation(null);
    renderEmptyState();
    closeSource();
    chatInput.value = "";
    autosize();
    chatInput.focus();
  }

  /* Let the textarea grow with its content, up to the CSS max-height. */
  function autosize() {
    chatInput.style.height = "auto";
    chatInput.style.height = Math.min(chatInput.scrollHeight, 168) + "px";
  }

  function initChat() {
    chatColumn = $("chat-column");
    chatLog = $("chat-log");
    chatInput = $("chat-input");
    chatSend = $("chat-send");

    $("composer").addEventListener("submit", function (ev) {
      ev.preventDefault();
      sendQuestion(chatInput.value);
    });
    chatInput.addEventListener("keydown", function (ev) {
      // Enter sends; Shift+Enter inserts a line; IME composition (Telex/VNI) must not send.
      if (ev.key === "Enter" && !ev.shiftKey && !ev.isComposing) {
        ev.preventDefault();
        sendQuestion(chatInput.value);
      }
    });
    chatInput.addEventListener("input", autosize);
    autosize();   // the placeholder may need two lines on a phone
    $("new-conversation").addEventListener("click", newConversation);
    restoreConversation();
  }

  // ============================================================ SOURCE PANEL
  var panel;

  function openCitation(c, trigger) {
    openSource({ source: c.source, start: c.start, end: c.end, section: c.section, fallbackTitle: c.title }, trigger);
  }

  function isSourceOpen() { return !panel.hidden; }

  /* Opens the panel on a document and highlights text[start:end].
     Offsets are JS string indices (the server guarantees NFC + BMP text). */
  function openSource(target, trigger) {
    var seq = ++state.sourceSeq;
    if (!isSourceOpen()) state.sourceReturnFocus = trigger || document.activeElement;
    else if (trigger) state.sourceReturnFocus = trigger;
    panel.hidden = false;
    $("backdrop").hidden = false;
    document.body.classList.add("source-open");
    markActiveTrigger(trigger);

    var meta = state.documents[target.source];
    renderSourceHeader(meta || { name: target.source, title: target.fallbackTitle || target.source }, target);
    var textBox = $("source-text");
    clear(textBox);
    textBox.appendChild(el("p", { class: "panel-state", role: "status", text: "Đang tải văn bản…" }));
    panel.setAttribute("aria-busy", "true");
    $("source-close").focus({ preventScroll: true });

    getDocument(target.source).then(function (doc) {
      if (seq !== state.sourceSeq) return;   // a newer click won
      renderSourceHeader(doc, target);
      renderDocumentText(doc.text || "", target.start, target.end);
      panel.setAttribute("aria-busy", "false");
    }).catch(function (err) {
      if (seq !== state.sourceSeq) return;
      clear(textBox);
      textBox.appendChild(el("div", { class: "panel-error", role: "alert", "data-testid": "source-error" },
        icon("warn", "error-icon"), el("span", { text: "Không mở được văn bản. " + err.message })));
      panel.setAttribute("aria-busy", "false");
    });
  }

  function renderSourceHeader(doc, target) {
    var kicker = $("source-kicker");
    clear(kicker);
    if (doc.kind) kicker.appendChild(el("span", { class: "kind-badge", "data-testid": "source-kind", text: doc.kind }));
    if (doc.level) kicker.appendChild(el("span", { class: "level-label", text: levelLabel(doc.level) }));
    $("source-title").textContent = doc.title || doc.short_title || doc.name;

    var metaBox = $("source-meta");
    clear(metaBox);
    // unit and period are extras some services send; shown when present.
    [["Cơ quan ban hành", doc.issuer, "source-issuer"], ["Ngày", formatDate(doc.date), "source-date"],
     ["Số, ký hiệu", doc.number, "source-number"], ["Kỳ báo cáo", doc.period, "source-period"]]
      .forEach(function (row) {
        if (!row[1]) return;
        metaBox.appendChild(el("div", { class: "meta-row" },
          el("dt", { text: row[0] }), el("dd", { "data-testid": row[2], text: row[1] })));
      });

    var section = target.section || sectionAt(doc.sections, target.start);
    var hasSpan = typeof target.start === "number" && typeof target.end === "number" && target.end > target.start;
    $("source-cited").hidden = !hasSpan;
    $("source-section").textContent = section ? "Mục: " + section : "Đoạn được trích dẫn";
  }

  /* Innermost section containing the position (sections may nest). */
  function sectionAt(sections, pos) {
    if (!Array.isArray(sections) || typeof pos !== "number") return "";
    var best = null;
    sections.forEach(function (s) {
      if (s.start <= pos && pos < s.end && (!best || s.start >= best.start)) best = s;
    });
    return best ? best.path : "";
  }

  /* Document text with its markdown/HTML markup rendered (headings, bold, italics) instead of
     shown raw, and one <mark> around the cited span [start, end). Everything is built from
     text nodes (never innerHTML of document text); CSS white-space: pre-wrap keeps line breaks. */
  var MARKUP = /(\*\*\*|\*\*|<\/?(?:b|strong|i|em|u|sup|sub|span|a)(?:\s[^>]*)?>|^[ \t]*#{1,6}[ \t]+)/gim;

  function renderDocumentText(text, start, end) {
    var box = $("source-text");
    clear(box);
    state.highlight = null;
    var valid = typeof start === "number" && typeof end === "number" && start >= 0 && end > start && end <= text.length;
    var mark = valid ? el("mark", { class: "source-highlight", "data-testid": "source-highlight" }) : null;
    var style = { bold: false, italic: false, heading: false };

    function emit(a, b) {   // text[a, b) into the box or the mark, split at the highlight edges
      var cuts = [a, b];
      if (valid) [start, end].forEach(function (x) { if (x > a && x < b) cuts.push(x); });
      cuts.sort(function (x, y) { return x - y; });
      for (var i = 0; i + 1 < cuts.length; i++) {
        var piece = text.slice(cuts[i], cuts[i + 1]);
        if (!piece) continue;
        if (style.heading && piece.indexOf("\n") >= 0) {   // a heading ends with its line
          var nl = piece.indexOf("\n");
          emitPiece(piece.slice(0, nl), cuts[i]);
          style.heading = false;
          emitPiece(piece.slice(nl), cuts[i] + nl);
        } else emitPiece(piece, cuts[i]);
      }
    }
    function emitPiece(piece, at) {
      if (!piece) return;
      var node = document.createTextNode(piece);
      if (style.bold || style.heading) node = el("strong", { class: style.heading ? "md-heading" : null }, node);
      if (style.italic) node = el("em", {}, node);
      var inside = valid && at >= start && at < end;
      if (valid && at >= start && !mark.isConnected) box.appendChild(mark);
      (inside ? mark : box).appendChild(node);
    }

    var pos = 0, m;
    MARKUP.lastIndex = 0;
    while ((m = MARKUP.exec(text)) !== null) {
      emit(pos, m.index);
      var tok = m[1].toLowerCase().trim();
      if (tok[0] === "#") style.heading = true;
      else if (tok === "**" || tok === "***") style.bold = !style.bold;
      else if (/^<\/?(b|strong)\b/.test(tok)) style.bold = tok[1] !== "/";
      else if (/^<\/?(i|em)\b/.test(tok)) style.italic = tok[1] !== "/";
      pos = MARKUP.lastIndex;
    }
    emit(pos, text.length);
    if (valid && !mark.isConnected) box.appendChild(mark);
    if (!valid) { $("source-body").scrollTop = 0; return; }
    state.highlight = mark;
    // Wait one frame so layout exists before measuring.
    requestAnimationFrame(scrollToHighlight);
  }

  /* Scroll only the panel body (not the page) so the highlight sits in the upper third. */
  function scrollToHighlight() {
    var mark = state.highlight, body = $("source-body");
    if (!mark || !mark.isConnected) return;
    var top = mark.getBoundingClientRect().top - body.getBoundingClientRect().top + body.scrollTop;
    body.scrollTop = Math.max(0, top - body.clientHeight / 3);
    mark.classList.remove("flash");
    void mark.offsetWidth;   // restart the CSS animation
    mark.classList.add("flash");
  }

  function markActiveTrigger(trigger) {
    document.querySelectorAll(".is-active-source").forEach(function (n) { n.classList.remove("is-active-source"); });
    if (trigger && trigger.classList) trigger.classList.add("is-active-source");
  }

  function closeSource() {
    if (!panel || panel.hidden) return;
    state.sourceSeq++;
    panel.hidden = true;
    $("backdrop").hidden = true;
    document.body.classList.remove("source-open");
    markActiveTrigger(null);
    var back = state.sourceReturnFocus;
    state.sourceReturnFocus = null;
    if (back && back.isConnected && typeof back.focus === "function") back.focus({ preventScroll: true });
  }

  function initSourcePanel() {
    panel = $("source-panel");
    $("source-close").addEventListener("click", closeSource);
    $("backdrop").addEventListener("click", closeSource);
    $("source-jump").addEventListener("click", scrollToHighlight);
    document.addEventListener("keydown", function (ev) {
      // A modal <dialog> handles its own Escape; otherwise Escape closes the panel.
      if (ev.key === "Escape" && isSourceOpen() && !$("compare-dialog").open) {
        ev.preventDefault();
        closeSource();
      }
    });
  }

  // ============================================================== INDICATORS
  function statusBadge(status, statusSource) {
    var key = STATUS_LABELS[status] ? status : "unknown";
    return el("span", { class: "status-cell" },
      el("span", { class: "badge badge-" + key, "data-testid": "status-badge", "data-status": key, text: STATUS_LABELS[key] }),
      // "none" (or anything unknown) means the service has no basis to state: show nothing.
      STATUS_SOURCE_LABELS[statusSource] ? el("span", { class: "status-source", text: STATUS_SOURCE_LABELS[statusSource] }) : null);
  }

  function currentIndicatorFilters() {
    return {
      source: $("f-source").value,
      group: $("f-group").value,
      status: $("f-status").value,
      query: $("f-query").value.trim()
    };
  }

  function initIndicators() {
    var form = $("ind-filters");
    form.addEventListener("submit", function (ev) { ev.preventDefault(); loadIndicators(); });
    $("f-source").addEventListener("change", function () { refreshGroupOptions(); loadIndicators(); });
    $("f-group").addEventListener("change", loadIndicators);
    $("f-status").addEventListener("change", loadIndicators);
    $("f-query").addEventListener("input", debounce(loadIndicators, 300));
    form.addEventListener("reset", function () {
      // Let the browser reset the controls first, then reload.
      setTimeout(function () { refreshGroupOptions(); loadIndicators(); }, 0);
    });

    state.documentsReady.then(function () {
      var select = $("f-source");
      Object.keys(state.documents).forEach(function (name) {
        select.appendChild(el("option", { value: name, text: shortTitle(name) }));
      });
    });
    // The unfiltered list only feeds the "group" select, so it can arrive later.
    api("/api/indicators").then(function (all) {
      state.allIndicators = all || [];
      refreshGroupOptions();
    }).catch(function () { state.allIndicators = []; });
    loadIndicators();
  }

  /* Groups offered depend on the selected document, so the user never picks
     a combination that can only return nothing. */
  function refreshGroupOptions() {
    if (!state.allIndicators) return;
    var select = $("f-group"), previous = select.value, source = $("f-source").value;
    var groups = [];
    state.allIndicators.forEach(function (i) {
      if ((!source || i.source === source) && i.group && groups.indexOf(i.group) < 0) groups.push(i.group);
    });
    groups.sort(function (a, b) { return a.localeCompare(b, "vi"); });
    while (select.options.length > 1) select.remove(1);
    groups.forEach(function (g) { select.appendChild(el("option", { value: g, text: g })); });
    select.value = groups.indexOf(previous) >= 0 ? previous : "";
  }

  /* Rows come from the server with every filter applied (so the count shown
     equals what the API says); the status counters come from a second request
     without the status filter, so they show the breakdown of the current scope. */
  function loadIndicators() {
    var seq = ++state.indicatorsSeq;
    var f = currentIndicatorFilters();
    var table = $("indicators-table");
    table.setAttribute("aria-busy", "true");
    setTableState("ind-state", "loading", "Đang tải danh sách chỉ tiêu…");

    var scope = { source: f.source, group: f.group, query: f.query };
    var scopeReq = api("/api/indicators" + query(scope));
    var rowsReq = f.status ? api("/api/indicators" + query(Object.assign({ status: f.status }, scope))) : scopeReq;

    Promise.all([state.documentsReady, scopeReq, rowsReq]).then(function (res) {
      if (seq !== state.indicatorsSeq) return;
      renderStatusCounts(res[1] || [], f.status);
      renderIndicatorRows(res[2] || []);
      table.setAttribute("aria-busy", "false");
    }).catch(function (err) {
      if (seq !== state.indicatorsSeq) return;
      clear($("ind-body"));
      $("indicators-count").textContent = "0";
      setTableState("ind-state", "error", "Không tải được danh sách chỉ tiêu. " + err.message, loadIndicators);
      table.setAttribute("aria-busy", "false");
    });
  }

  function renderStatusCounts(items, activeStatus) {
    var counts = { completed: 0, in_progress: 0, not_completed: 0, unknown: 0 };
    items.forEach(function (i) { counts[STATUS_LABELS[i.status] ? i.status : "unknown"]++; });
    var box = $("status-counts");
    clear(box);
    box.appendChild(statCard("", "Tổng số", items.length, activeStatus === ""));
    STATUSES.forEach(function (s) { box.appendChild(statCard(s, STATUS_LABELS[s], counts[s], activeStatus === s)); });
  }

  /* Each counter doubles as a quick filter button. */
  function statCard(status, label, count, active) {
    return el("button", {
      type: "button", class: "stat stat-" + (status || "all") + (active ? " is-active" : ""),
      "aria-pressed": active ? "true" : "false",
      onclick: function () { $("f-status").value = status; loadIndicators(); }
    },
      el("span", { class: "stat-num", "data-testid": "count-" + (status || "all"), text: String(count) }),
      el("span", { class: "stat-label", text: label }));
  }

  function renderIndicatorRows(items) {
    var body = $("ind-body");
    clear(body);
    $("indicators-count").textContent = String(items.length);
    if (!items.length) {
      setTableState("ind-state", "empty", "Không có chỉ tiêu nào khớp với bộ lọc.");
      return;
    }
    setTableState("ind-state", "", "");
    var fragment = document.createDocumentFragment();
    items.forEach(function (item) { fragment.appendChild(indicatorRow(item)); });
    body.appendChild(fragment);
  }

  function cell(label, content, cls) {
    return el("td", { "data-label": label, class: cls || null }, content === "" || content === null || content === undefined ? el("span", { class: "na", text: "—" }) : content);
  }

  function indicatorRow(item) {
    var hasSpan = typeof item.start === "number" && typeof item.end === "number";
    // Actions sit under the indicator text so they stay in view when the source panel narrows the table.
    var actions = el("div", { class: "row-actions" },
      hasSpan ? el("button", {
        type: "button", class: "link-btn", "data-testid": "view-source",
        onclick: function (ev) { openSource({ source: item.source, start: item.start, end: item.end }, ev.currentTarget); }
      }, icon("eye"), "Xem nguồn") : null,
      item.canonical_id ? el("button", {
        type: "button", class: "link-btn", "data-testid": "compare",
        title: "So sánh giữa các đơn vị", "aria-label": "So sánh giữa các đơn vị: chỉ tiêu " + (item.number || ""),
        onclick: function (ev) { openCompare(item, ev.currentTarget); }
      }, icon("compare"), "So sánh giữa các đơn vị") : null);

    var textCell = el("div", null,
      el("p", { class: "ind-text", text: item.text || "" }),
      item.plan ? el("p", { class: "ind-sub", text: item.plan }) : null,
      item.notes ? el("p", { class: "ind-sub", text: "Ghi chú: " + item.notes }) : null,
      actions);
    var targetCell = item.target || item.deadline ? el("div", null,
      item.target ? el("span", { class: "ind-target", text: item.target }) : null,
      item.deadline ? el("span", { class: "ind-sub", text: "Thời hạn: " + item.deadline }) : null) : "";

    return el("tr", { "data-testid": "indicator-row", "data-status": item.status, "data-id": item.id },
      cell("Văn bản", el("span", { class: "doc-chip", title: (state.documents[item.source] || {}).title || item.source, text: shortTitle(item.source) })),
      cell("Nhóm", item.group || "", "col-group"),
      cell("STT", item.number || "", "col-num"),
      cell("Chỉ tiêu", textCell, "col-text"),
      cell("Mục tiêu", targetCell, "col-target"),
      cell("Kết quả", item.result || "", "col-result"),
      cell("Trạng thái", statusBadge(item.status, item.status_source)),
      cell("Chủ trì", item.lead_agency || "", "col-agency"),
      cell("Căn cứ", item.legal_basis || "", "col-basis"));
  }

  function setTableState(id, kind, message, retry) {
    var box = $(id);
    clear(box);
    box.className = "table-state" + (kind ? " is-" + kind : "");
    if (!message) return;
    if (kind === "error") box.appendChild(icon("warn", "error-icon"));
    box.appendChild(el("span", { text: message }));
    if (retry) box.appendChild(el("button", { type: "button", class: "btn btn-small btn-outline", onclick: retry }, icon("retry"), "Thử lại"));
  }

  // ------------------------------------------------ compare across units
  function openCompare(item, trigger) {
    var dialog = $("compare-dialog");
    var body = $("compare-body");
    $("compare-title").textContent = item.text || "";
    clear(body);
    body.appendChild(el("p", { class: "panel-state", role: "status", text: "Đang tải số liệu các đơn vị…" }));
    dialog.returnFocusTo = trigger;
    if (!dialog.open) dialog.showModal();

    api("/api/indicators" + query({ canonical_id: item.canonical_id })).then(function (rows) {
      clear(body);
      if (!rows || !rows.length) {
        body.appendChild(el("p", { class: "panel-state", text: "Chưa có số liệu của đơn vị khác cho chỉ tiêu này." }));
        return;
      }
      var grid = el("div", { class: "compare-grid", "data-testid": "compare-grid" });
      rows.forEach(function (r) { grid.appendChild(compareCard(r, r.id === item.id)); });
      body.appendChild(el("p", { class: "compare-note", text: rows.length + " văn bản có chỉ tiêu tương ứng." }));
      body.appendChild(grid);
    }).catch(function (err) {
      clear(body);
      body.appendChild(el("div", { class: "panel-error", role: "alert" }, icon("warn", "error-icon"),
        el("span", { text: "Không tải được dữ liệu so sánh. " + err.message })));
    });
  }

  function compareCard(r, isCurrent) {
    var doc = state.documents[r.source] || {};
    function row(label, value) {
      return el("div", { class: "meta-row" }, el("dt", { text: label }), el("dd", { text: value || "—" }));
    }
    return el("section", { class: "compare-card" + (isCurrent ? " is-current" : ""), "data-testid": "compare-card" },
      el("header", null,
        el("h3", { text: shortTitle(r.source) }),
        el("p", { class: "ind-sub", text: [levelLabel(doc.level), doc.issuer || ""].filter(Boolean).join(" · ") })),
      statusBadge(r.status, r.status_source),
      el("dl", { class: "compare-meta" },
        row("Chỉ tiêu", r.text), row("Mục tiêu", r.target), row("Kết quả", r.result), row("Thời hạn", r.deadline)),
      el("button", {
        type: "button", class: "link-btn",
        onclick: function () {
          var dialog = $("compare-dialog");
          var back = dialog.returnFocusTo;
          dialog.close();
          openSource({ source: r.source, start: r.start, end: r.end }, back);
        }
      }, icon("eye"), "Xem nguồn"));
  }

  function initCompareDialog() {
    var dialog = $("compare-dialog");
    $("compare-close").addEventListener("click", function () { dialog.close(); });
    // Clicking the dimmed area outside the dialog box closes it.
    dialog.addEventListener("click", function (ev) { if (ev.target === dialog) dialog.close(); });
    dialog.addEventListener("close", function () {
      var back = dialog.returnFocusTo;
      if (back && back.isConnected && !isSourceOpen()) back.focus({ preventScroll: true });
    });
  }

  // =================================================================== LEGAL
  function initLegal() {
    $("legal-filters").addEventListener("submit", function (ev) { ev.preventDefault(); });
    $("l-query").addEventListener("input", debounce(renderLegal, 200));
    $("l-type").addEventListener("change", renderLegal);
    loadLegal();
  }

  function loadLegal() {
    var table = $("legal-table");
    table.setAttribute("aria-busy", "true");
    setTableState("legal-state", "loading", "Đang tải danh sách văn bản…");
    Promise.all([state.documentsReady, api("/api/legal")]).then(function (res) {
      state.legal = res[1] || [];
      var types = [];
      state.legal.forEach(function (l) { if (l.type && types.indexOf(l.type) < 0) types.push(l.type); });
      types.sort(function (a, b) { return a.localeCompare(b, "vi"); });
      types.forEach(function (t) { $("l-type").appendChild(el("option", { value: t, text: t })); });
      renderLegal();
      table.setAttribute("aria-busy", "false");
    }).catch(function (err) {
      setTableState("legal-state", "error", "Không tải được danh sách văn bản. " + err.message, loadLegal);
      table.setAttribute("aria-busy", "false");
    });
  }

  /* Filtering is local: the list is small and this keeps typing instant.
     Diacritics are folded so "quyet dinh" finds "Quyết định". */
  function fold(s) {
    return String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  }

  function renderLegal() {
    if (!state.legal) return;
    var words = fold($("l-query").value.trim()).split(/\s+/).filter(Boolean);
    var type = $("l-type").value;
    var rows = state.legal.filter(function (l) {
      if (type && l.type !== type) return false;
      var hay = fold([l.key, l.type, l.number, l.issuer, l.title, formatDate(l.date)].join(" "));
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    });
    var body = $("legal-body");
    clear(body);
    $("legal-count").textContent = String(rows.length);
    setTableState("legal-state", rows.length ? "" : "empty", rows.length ? "" : "Không có văn bản nào khớp với điều kiện tìm kiếm.");
    var fragment = document.createDocumentFragment();
    rows.forEach(function (l) { fragment.appendChild(legalRow(l)); });
    body.appendChild(fragment);
  }

  function legalRow(l) {
    return el("tr", { "data-testid": "legal-row", "data-key": l.key },
      cell("Văn bản", legalIdentity(l)),
      cell("Ngày", formatDate(l.date), "nowrap"),
      cell("Cơ quan ban hành", l.issuer || ""),
      cell("Trích yếu", l.title || "", "col-text"),
      cell("Được trích dẫn tại", mentionList(l), "col-mentions"));
  }

  /* Key, type and number in one cell: keeps the table narrow enough to sit
     beside the source panel on a laptop. The number is repeated only when it
     says something the key does not. */
  function legalIdentity(l) {
    var details = [];
    if (l.type) details.push(el("span", { class: "legal-type", "data-testid": "legal-type", text: l.type }));
    if (l.number && l.number !== l.key) details.push(el("span", { class: "legal-number", text: "Số " + l.number }));
    return el("div", null,
      el("strong", { class: "legal-key", "data-testid": "legal-key", text: l.key || "" }),
      details.length ? el("span", { class: "legal-details" }, details) : null);
  }

  /* Mentions grouped by document: "<tên ngắn của văn bản>: [1] [2]". */
  function mentionList(l) {
    var groups = {}, order = [];
    (l.mentions || []).forEach(function (m) {
      if (!groups[m.source]) { groups[m.source] = []; order.push(m.source); }
      groups[m.source].push(m);
    });
    if (!order.length) return "";
    return el("ul", { class: "mention-list" }, order.map(function (source) {
      var title = shortTitle(source);
      return el("li", null,
        el("span", { class: "mention-doc", text: title }),
        el("span", { class: "mention-btns" }, groups[source].map(function (m, i) {
          return el("button", {
            type: "button", class: "mention", "data-testid": "legal-mention",
            "aria-label": "Mở " + title + ", lần trích dẫn " + (i + 1) + " của " + l.key,
            title: "Mở đoạn trích dẫn " + (i + 1),
            onclick: function (ev) { openSource({ source: m.source, start: m.start, end: m.end }, ev.currentTarget); },
            text: String(i + 1)
          });
        })));
    }));
  }

  // ============================================================ SUGGESTIONS
  /* Suggestions built from the corpus: a report's unit and one of its indicators
     with a figure, and a plan's indicator with a numeric target. Nothing is
     hard-coded, so new documents bring their own examples. */
  function corpusSuggestions() {
    Promise.all([state.documentsReady, api("/api/indicators")]).then(function (res) {
      // The shortest wording reads best as a question.
      function pick(kind, field) {
        return (res[1] || []).filter(function (i) {
          var d = state.documents[i.source];
          return d && d.kind === kind && /\d/.test(i[field] || "");
        }).sort(function (a, b) { return collapse(a.text).length - collapse(b.text).length; })[0];
      }
      function words(i) { var t = collapse(i.text).replace(/[,.;:]+$/, ""); return t.charAt(0).toLowerCase() + t.slice(1); }
      var report = pick("báo cáo", "result"), plan = pick("kế hoạch", "target"), found = [];
      if (report) {
        var unit = state.documents[report.source].unit || shortTitle(report.source);
        found.push("Bao nhiêu chỉ tiêu của " + unit + " đã hoàn thành?", "Kết quả của " + unit + ": " + words(report) + "?");
      }
      if (plan) found.push("Chỉ tiêu " + (state.documents[plan.source].period || "") + " về " + words(plan) + " là bao nhiêu?");
      SUGGESTIONS.splice.apply(SUGGESTIONS, [0, found.length].concat(found));
      if (found.length && chatColumn.querySelector(".empty-state") && !state.busy) renderEmptyState();
    }).catch(function () { /* the generic suggestions stay */ });
  }

  // ========================================================== CONSOLIDATION
  var cons = { data: null, seq: 0 };

  function consFilters() {
    return { district: $("c-district").value, level: $("c-level").value, period: $("c-period").value, group: $("c-group").value };
  }

  function initConsolidation() {
    var form = $("cons-filters");
    form.addEventListener("submit", function (ev) { ev.preventDefault(); });
    ["c-district", "c-level", "c-period", "c-group"].forEach(function (id) { $(id).addEventListener("change", loadConsolidation); });
    form.addEventListener("reset", function () { setTimeout(loadConsolidation, 0); });
    ["csv", "xlsx"].forEach(function (f) { $("cons-" + f).addEventListener("click", downloadWithKey); });
    consOptions();
    loadConsolidation();
  }

  /* A plain link cannot send the API key: when one is stored, the export is fetched with it and saved. */
  function downloadWithKey(ev) {
    var link = ev.currentTarget, key = storedKey();
    if (!key) return;
    ev.preventDefault();
    fetch(link.href, { headers: { "Authorization": "Bearer " + key } }).then(function (resp) {
      if (!resp.ok) throw new Error("mã " + resp.status);
      var name = (/filename="?([^";]+)/.exec(resp.headers.get("Content-Disposition") || "") || [])[1] || "tong-hop";
      return resp.blob().then(function (blob) {
        var a = el("a", { href: URL.createObjectURL(blob), download: name });
        document.body.appendChild(a); a.click(); a.remove();
        setTimeout(function () { URL.revokeObjectURL(a.href); }, 10000);
      });
    }).catch(function (err) { window.alert("Không tải được tệp xuất: " + err.message); });
  }

  /* Filter choices come from the unfiltered data: only values that some report has. */
  function consOptions() {
    Promise.all([api("/api/units"), api("/api/consolidation")]).then(function (res) {
      var reported = {};
      ["c-district", "c-level", "c-period", "c-group"].forEach(function (id) {
        var select = $(id);
        while (select.options.length > 1) select.remove(1);
      });
      res[1].units.forEach(function (u) { reported[u.source] = true; });
      var districts = res[0].filter(function (u) {
        return u.documents.some(function (d) { return reported[d.name]; });
      }).map(function (u) { return u.district; });
      fillSelect("c-district", districts, function (d) { return d; });
      fillSelect("c-level", res[1].units.map(function (u) { return u.level; }), levelLabel);
      fillSelect("c-period", res[1].units.map(function (u) { return u.period; }), function (p) { return p; });
      fillSelect("c-group", res[1].groups.map(function (g) { return g.label; }), function (g) { return g; });
      $("c-district").disabled = $("c-district").options.length < 2;
    }).catch(function () { /* the matrix itself reports the error */ });
  }

  function fillSelect(id, values, label) {
    var select = $(id), seen = {};
    values.filter(function (v) { if (!v || seen[v]) return false; seen[v] = true; return true; })
      .sort(function (a, b) { return a.localeCompare(b, "vi"); })
      .forEach(function (v) { select.appendChild(el("option", { value: v, text: label(v) })); });
  }

  function loadConsolidation() {
    var seq = ++cons.seq, params = consFilters(), table = $("cons-table");
    ["csv", "xlsx"].forEach(function (f) {
      $("cons-" + f).href = "/api/consolidation/export" + query(Object.assign({ format: f }, params));
    });
    table.setAttribute("aria-busy", "true");
    setTableState("cons-state", "loading", "Đang tổng hợp báo cáo…");
    Promise.all([state.documentsReady, api("/api/consolidation" + query(params))]).then(function (res) {
      if (seq !== cons.seq) return;
      cons.data = res[1];
      renderConsolidation(res[1]);
      table.setAttribute("aria-busy", "false");
    }).catch(function (err) {
      if (seq !== cons.seq) return;
      setTableState("cons-state", "error", "Không tải được bảng tổng hợp. " + err.message, loadConsolidation);
      table.setAttribute("aria-busy", "false");
    });
  }

  function renderConsolidation(data) {
    var head = $("cons-head"), body = $("cons-body");
    clear(head); clear(body);
    var cells = data.rows.reduce(function (n, r) { return n + r.reporting; }, 0);
    $("cons-summary").textContent = data.units.length + " báo cáo · " + data.rows.length + " chỉ tiêu · " + cells + " ô có số liệu";
    setTableState("cons-state", data.rows.length ? "" : "empty", data.rows.length ? "" : "Không có báo cáo nào khớp với bộ lọc.");
    head.appendChild(el("tr", null,
      el("th", { scope: "col", class: "m-sticky m-label" }, "Chỉ tiêu"),
      el("th", { scope: "col", class: "m-done" }, "Hoàn thành"),
      data.units.map(function (u) {
        return el("th", { scope: "col", class: "m-unit", title: u.title + " (" + u.source + ")", "data-testid": "matrix-unit" },
          el("span", { class: "m-unit-name", text: u.unit }),
          el("span", { class: "m-unit-meta", text: [levelLabel(u.level), u.district, u.period].filter(Boolean).join(" · ") }));
      })));
    var fragment = document.createDocumentFragment(), group = null;
    data.rows.forEach(function (row) {
      if (row.group !== group) {
        group = row.group;
        fragment.appendChild(el("tr", { class: "m-group-row" },
          el("th", { scope: "colgroup", class: "m-sticky m-group", text: group || "Chưa phân nhóm" }),
          el("td", { colspan: data.units.length + 1 })));
      }
      fragment.appendChild(matrixRow(row, data.units));
    });
    body.appendChild(fragment);
    renderBars(data);
  }

  function matrixRow(row, units) {
    return el("tr", { "data-testid": "matrix-row", "data-canonical": row.canonical_id },
      el("th", { scope: "row", class: "m-sticky m-label", title: row.label }, el("span", { class: "m-label-text", text: row.label })),
      el("td", { class: "m-done", text: row.completed + "/" + row.reporting }),
      units.map(function (u) { return matrixCell(row, u, row.cells[u.source]); }));
  }

  function matrixCell(row, unit, cell) {
    if (!cell) return el("td", { class: "m-cell m-empty" }, el("span", { class: "visually-hidden", text: "Không báo cáo" }));
    var label = STATUS_LABELS[cell.status] || STATUS_LABELS.unknown;
    return el("td", { class: "m-cell" },
      el("button", {
        type: "button", class: "m-btn badge-" + cell.status, "data-testid": "matrix-cell", "data-status": cell.status,
        "data-source": unit.source, "data-start": cell.start, "data-end": cell.end,
        title: label + (cell.target ? " · Mục tiêu: " + cell.target : "") + " — bấm để xem nguồn",
        "aria-label": unit.unit + ", " + row.label + ": " + label + (cell.result ? ", kết quả " + cell.result : ""),
        onclick: function (ev) { openSource({ source: unit.source, start: cell.start, end: cell.end }, ev.currentTarget); }
      }, el("span", { class: "m-result", text: cell.result || label })));
  }

  /* A plain CSS bar; the numbers are written out too, for screen readers and print. */
  function bar(label, done, total, what, extra, testid) {
    var pct = total ? Math.round(100 * done / total) : 0;
    return el("li", { class: "bar-item", "data-testid": testid },
      el("span", { class: "bar-label", title: label, text: label }),
      el("span", { class: "bar-track", "aria-hidden": "true" }, el("span", { class: "bar-fill", style: "width:" + pct + "%" })),
      el("span", { class: "bar-num", text: done + "/" + total + " " + what + " hoàn thành (" + pct + "%)" + (extra ? " · " + extra : "") }));
  }

  function renderBars(data) {
    var units = $("cons-unit-bars"), rows = $("cons-ind-bars");
    clear(units); clear(rows);
    data.units.forEach(function (u) {
      units.appendChild(bar(u.unit + (u.period ? " – " + u.period : ""), u.completed, u.total, "chỉ tiêu",
        u.known + " có trạng thái", "unit-bar"));
    });
    data.rows.forEach(function (r) { rows.appendChild(bar(r.label, r.completed, r.reporting, "đơn vị", "", "indicator-bar")); });
  }

  // ============================================================== DOCUMENTS
  var UPLOAD_TYPES = [".docx", ".pdf", ".txt", ".md"];
  var UPLOAD_STATUS = { added: "Đã thêm", replaced: "Đã thay thế", error: "Lỗi" };

  function initDocuments() {
    var zone = $("dropzone"), input = $("upload-input");
    input.addEventListener("change", function () { uploadFiles(Array.prototype.slice.call(input.files)); input.value = ""; });
    ["dragenter", "dragover"].forEach(function (t) {
      zone.addEventListener(t, function (ev) { ev.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (t) { zone.addEventListener(t, function () { zone.classList.remove("is-over"); }); });
    zone.addEventListener("drop", function (ev) {
      ev.preventDefault();
      uploadFiles(Array.prototype.slice.call(ev.dataTransfer.files || []));
    });
    loadDocumentList();
  }

  /* The list is fetched here (not from state.documents) so a failure shows as an error with a retry. */
  function loadDocumentList() {
    var table = $("docs-table");
    table.setAttribute("aria-busy", "true");
    setTableState("docs-state", "loading", "Đang tải danh sách tài liệu…");
    return api("/api/documents").then(function (docs) {
      renderDocuments(docs || []);
      table.setAttribute("aria-busy", "false");
    }).catch(function (err) {
      setTableState("docs-state", "error", "Không tải được danh sách tài liệu. " + err.message, loadDocumentList);
      table.setAttribute("aria-busy", "false");
    });
  }

  function renderDocuments(docs) {
    var body = $("docs-body");
    clear(body);
    setTableState("docs-state", docs.length ? "" : "empty", docs.length ? "" : "Chưa có tài liệu nào.");
    docs.slice().sort(function (a, b) { return a.name.localeCompare(b.name); }).forEach(function (d) {
      var name = d.name;
      body.appendChild(el("tr", { "data-testid": "document-row", "data-name": name },
        cell("Tài liệu", el("div", null, el("strong", { text: d.short_title || d.title || name }),
          el("span", { class: "doc-file", text: name })), "col-text"),
        cell("Loại", d.kind || "", "nowrap"),
        cell("Đơn vị", [d.unit, d.district].filter(Boolean).join(" – ")),
        cell("Kỳ", d.period || ""),
        cell("Số, ngày", [d.number, formatDate(d.date)].filter(Boolean).join(" · ")),
        cell("Thao tác", el("button", {
          type: "button", class: "btn btn-small btn-ghost doc-delete", "data-testid": "document-delete",
          "aria-label": "Xóa tài liệu " + name, onclick: function (ev) { deleteDocument(name, ev.currentTarget); }
        }, icon("trash"), "Xóa"))));
    });
  }

  /* After an upload or a delete: every view that shows documents or records reloads. */
  function refreshDocuments() {
    state.documents = {};
    state.docCache = {};
    loadDocuments();
    if (state.loadedViews.consolidation) { consOptions(); loadConsolidation(); }
    return loadDocumentList();
  }

  function uploadFiles(files) {
    if (!files.length) return;
    var ok = files.filter(function (f) { return UPLOAD_TYPES.some(function (t) { return f.name.toLowerCase().slice(-t.length) === t; }); });
    var refused = files.filter(function (f) { return ok.indexOf(f) < 0; }).map(function (f) {
      return { name: f.name, status: "error", error: "Định dạng không hỗ trợ; chỉ nhận " + UPLOAD_TYPES.join(", ") + ".", warnings: [] };
    });
    if (!ok.length) { renderUploadReport({ documents: refused }); return; }
    var form = new FormData();
    ok.forEach(function (f) { form.append("files", f, f.name); });
    showUploadProgress(0, "Đang tải lên " + ok.length + " tệp…");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    xhr.setRequestHeader("Accept", "application/json");
    if (storedKey()) xhr.setRequestHeader("Authorization", "Bearer " + storedKey());
    xhr.upload.onprogress = function (ev) {
      if (ev.lengthComputable) showUploadProgress(Math.round(100 * ev.loaded / ev.total), "Đang tải lên… " + Math.round(100 * ev.loaded / ev.total) + "%");
    };
    xhr.upload.onload = function () { showUploadProgress(null, "Đang đọc và lập chỉ mục tài liệu…"); };
    xhr.onload = function () {
      $("upload-progress").hidden = true;
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status >= 200 && xhr.status < 300 && data && data.documents) {
        data.documents = data.documents.concat(refused);
        renderUploadReport(data);
        refreshDocuments();
      } else {
        renderUploadReport({ documents: refused, error: uploadError(xhr.status, data) });
      }
    };
    xhr.onerror = function () {
      $("upload-progress").hidden = true;
      renderUploadReport({ documents: refused, error: "Không kết nối được với máy chủ. Vui lòng kiểm tra mạng và thử lại." });
    };
    xhr.send(form);
  }

  function uploadError(status, data) {
    if (data && typeof data.detail === "string") return data.detail;
    if (status === 413) return "Tệp quá lớn.";
    if (status === 415) return "Định dạng tệp không được hỗ trợ.";
    if (status === 401 || status === 403) return "Anh/chị không có quyền thêm tài liệu.";
    return "Máy chủ gặp lỗi (mã " + status + "). Vui lòng thử lại sau.";
  }

  function showUploadProgress(pct, text) {
    var bar = $("upload-bar");
    $("upload-progress").hidden = false;
    if (pct === null) bar.removeAttribute("value"); else bar.value = pct;
    $("upload-progress-text").textContent = text;
  }

  function renderUploadReport(data) {
    var box = $("upload-report");
    clear(box);
    if (data.error) box.appendChild(el("p", { class: "upload-error", role: "alert", "data-testid": "upload-error" }, icon("warn"), data.error));
    if (data.build && data.build.documents) {
      box.appendChild(el("p", { class: "upload-build", text: "Kho hiện có " + data.build.documents + " tài liệu." }));
    }
    (data.documents || []).forEach(function (d) {
      var counts = d.status === "error" ? "" : [d.unit, d.kind, (d.sections || 0) + " mục", (d.tables || 0) + " bảng",
        (d.indicators || 0) + " chỉ tiêu"].filter(Boolean).join(" · ");
      box.appendChild(el("div", { class: "ingest ingest-" + d.status, "data-testid": "ingest-item", "data-name": d.name, "data-status": d.status },
        el("p", { class: "ingest-head" }, el("strong", { text: d.name }),
          el("span", { class: "ingest-status", "data-testid": "ingest-status", text: UPLOAD_STATUS[d.status] || d.status })),
        counts ? el("p", { class: "ingest-counts", text: counts }) : null,
        d.error ? el("p", { class: "upload-error", text: d.error }) : null,
        (d.warnings || []).length ? el("ul", { class: "ingest-warnings" }, d.warnings.map(function (w) { return el("li", { text: w }); })) : null));
    });
  }

  function deleteDocument(name, button) {
    if (!window.confirm("Xóa tài liệu «" + name + "» khỏi kho? Các câu trả lời sẽ không còn dùng tài liệu này.")) return;
    button.disabled = true;
    var headers = { "Accept": "application/json" };
    if (storedKey()) headers["Authorization"] = "Bearer " + storedKey();
    fetch("/api/documents/" + encodeURIComponent(name), { method: "DELETE", headers: headers })
      .then(function (resp) {
        return resp.text().then(function (raw) {
          var data = null;
          try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
          if (!resp.ok) throw new ApiError(uploadError(resp.status, data), resp.status);
          return data;
        });
      }, function () { throw new ApiError("Không kết nối được với máy chủ. Vui lòng kiểm tra mạng và thử lại.", 0); })
      .then(function () {
        renderUploadMessage("Đã xóa tài liệu «" + name + "».", false);
        return refreshDocuments();
      }).catch(function (err) {
        button.disabled = false;
        renderUploadMessage("Không xóa được «" + name + "»: " + err.message, true);
      });
  }

  function renderUploadMessage(text, isError) {
    var box = $("upload-report");
    clear(box);
    box.appendChild(el("p", { class: isError ? "upload-error" : "upload-ok", role: isError ? "alert" : "status",
      "data-testid": "document-message", text: text }));
  }

  // ==================================================================== BOOT
  function boot() {
    loadDocuments();
    initSourcePanel();
    initCompareDialog();
    initChat();
    corpusSuggestions();
    window.addEventListener("hashchange", function () { showView(currentViewFromHash()); });
    showView(currentViewFromHash());
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
  else boot();
})();
