/* The ideas wall's board (events/workspace/ideas/board.html): drag and drop with a pointer, and
   the arrow keys on a card's move button.

   Progressive enhancement: every card has a plain form to move it (a column and a position),
   which works without this script. The script sends the same fields to the same address with
   `Accept: application/json`, then loads the board's columns again from the server
   (?fragment=board), puts the focus back on the moved card and announces the server's message
   in the page's live region. Every text comes from the page (translated on the server). No
   inline scripts or styles: the CSP forbids them. */
(function () {
  "use strict";

  var container = document.getElementById("ideas-board");
  var status = document.getElementById("ideas-board-status");
  if (!container || !status || !window.fetch || !window.FormData) {
    return;
  }
  var texts = container.dataset;
  var rtl = document.documentElement.getAttribute("dir") === "rtl";
  var busy = false;
  var dragged = null;

  function toArray(list) {
    return Array.prototype.slice.call(list);
  }

  function announce(text) {
    // Emptying first makes screen readers announce the same sentence twice in a row, too.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  function lists() {
    return toArray(container.querySelectorAll(".ideas-column__cards"));
  }

  function cardsOf(list) {
    return toArray(list.children).filter(function (child) {
      return child.classList.contains("idea-card");
    });
  }

  function enhance() {
    toArray(container.querySelectorAll(".idea-card")).forEach(function (card) {
      card.setAttribute("draggable", "true");
      var handle = card.querySelector(".idea-card__handle");
      if (handle) {
        handle.hidden = false;
      }
    });
  }

  function csrfToken(card) {
    var input = card.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function failure(message) {
    var error = new Error(message || texts.textError);
    error.userMessage = message || texts.textError;
    return error;
  }

  function refresh(ideaId) {
    return fetch(texts.fragmentUrl, {
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw failure();
        }
        return response.text();
      })
      .then(function (html) {
        container.innerHTML = html;
        enhance();
        var card = document.getElementById("idea-" + ideaId);
        if (card) {
          card.classList.add("is-just-moved");
          var handle = card.querySelector(".idea-card__handle");
          (handle || card).focus();
        }
      });
  }

  /* Move `card` into the column `columnKey` ("" for the unsorted cards) at `position` (from 1). */
  function move(card, columnKey, position) {
    if (busy) {
      return;
    }
    busy = true;
    announce(texts.textMoving);
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken(card));
    body.append("cluster", columnKey);
    body.append("position", String(position));
    fetch(card.dataset.moveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(card) },
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            throw failure();
          })
          .then(function (data) {
            if (!response.ok) {
              throw failure(data.error);
            }
            return data;
          });
      })
      .then(function (data) {
        return refresh(card.dataset.idea).then(function () {
          announce(data.message);
        });
      })
      .catch(function (error) {
        announce(error && error.userMessage ? error.userMessage : texts.textError);
      })
      .then(function () {
        busy = false;
      });
  }

  // --- Keyboard: arrow keys on a card's move button -------------------------------------------
  container.addEventListener("keydown", function (event) {
    var handle = event.target.closest && event.target.closest(".idea-card__handle");
    if (!handle || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    var key = event.key;
    if (["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].indexOf(key) === -1) {
      return;
    }
    event.preventDefault();
    // Columns run from right to left on right-to-left pages: the arrow points where it goes.
    if (rtl && (key === "ArrowLeft" || key === "ArrowRight")) {
      key = key === "ArrowLeft" ? "ArrowRight" : "ArrowLeft";
    }
    var card = handle.closest(".idea-card");
    var list = card.parentElement;
    var all = lists();
    var cards = cardsOf(list);
    var index = cards.indexOf(card);
    if (key === "ArrowUp" && index > 0) {
      move(card, list.dataset.column, index);
    } else if (key === "ArrowDown" && index < cards.length - 1) {
      move(card, list.dataset.column, index + 2);
    } else if (key === "ArrowLeft" || key === "ArrowRight") {
      var next = all[all.indexOf(list) + (key === "ArrowRight" ? 1 : -1)];
      if (next) {
        move(card, next.dataset.column, Math.min(index + 1, cardsOf(next).length + 1));
      }
    }
  });

  // --- Pointer: drag and drop -------------------------------------------------------------------
  function clearMarks() {
    toArray(container.querySelectorAll(".is-drop-target, .is-drop-before")).forEach(function (el) {
      el.classList.remove("is-drop-target", "is-drop-before");
    });
  }

  /* Where in `list` a card dropped at height `y` lands: before which card, at which index. */
  function dropPlace(list, y) {
    var cards = cardsOf(list).filter(function (card) {
      return card !== dragged;
    });
    for (var i = 0; i < cards.length; i++) {
      var box = cards[i].getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        return { before: cards[i], index: i };
      }
    }
    return { before: null, index: cards.length };
  }

  function listAt(target) {
    var column = target.closest && target.closest(".ideas-column");
    return column ? column.querySelector(".ideas-column__cards") : null;
  }

  // Text in a card's form fields stays selectable: only the card itself starts a drag.
  container.addEventListener("pointerdown", function (event) {
    var card = event.target.closest && event.target.closest(".idea-card");
    if (!card) {
      return;
    }
    var onControl =
      !event.target.closest(".idea-card__handle") &&
      event.target.closest("input, select, textarea, button, summary, a, label");
    card.setAttribute("draggable", onControl ? "false" : "true");
  });

  container.addEventListener("dragstart", function (event) {
    var card = event.target.closest && event.target.closest(".idea-card");
    if (!card || busy) {
      event.preventDefault();
      return;
    }
    dragged = card;
    card.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", card.dataset.idea);
  });

  container.addEventListener("dragover", function (event) {
    var list = dragged && listAt(event.target);
    if (!list) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    clearMarks();
    list.classList.add("is-drop-target");
    var place = dropPlace(list, event.clientY);
    if (place.before) {
      place.before.classList.add("is-drop-before");
    }
  });

  container.addEventListener("dragleave", function (event) {
    if (!event.relatedTarget || !container.contains(event.relatedTarget)) {
      clearMarks();
    }
  });

  container.addEventListener("drop", function (event) {
    var list = dragged && listAt(event.target);
    if (!list) {
      return;
    }
    event.preventDefault();
    var card = dragged;
    var place = dropPlace(list, event.clientY);
    clearMarks();
    move(card, list.dataset.column, place.index + 1);
  });

  container.addEventListener("dragend", function () {
    clearMarks();
    if (dragged) {
      dragged.classList.remove("is-dragging");
    }
    dragged = null;
  });

  enhance();
})();
