"""A fake Telegram Bot API server on 127.0.0.1, for end-to-end tests of the real Application.

It speaks the subset of the Bot API the bot uses over real HTTP: getMe, getUpdates (long
polling), setWebhook/deleteWebhook, setMyCommands, sendMessage, editMessageText, sendDocument
(multipart), getFile and file downloads, answerCallbackQuery, sendChatAction. Tests push updates
as a user would and wait for what the bot sends. Once the bot has registered a webhook, updates
are POSTed to it (with its secret token) instead of being queued for getUpdates, as Telegram does.
It runs in the test process, so it serves both an in-process Application and a `townreport bot`
subprocess.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

BOT_ID = 4242
BOT_USERNAME = "townreport_test_bot"


@dataclass
class Sent:
    method: str
    params: dict[str, Any]
    message: dict[str, Any] | None = None
    document: bytes | None = None

    @property
    def chat_id(self) -> int:
        return int(self.params.get("chat_id", 0))

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")


@dataclass
class FakeBotAPI:
    token: str = "4242:AAE_fake-token-for-the-tests_0123456789"
    updates: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)  # every Bot API method called, in order
    webhook: tuple[str, str] | None = None  # (url, secret token) once the bot registered one
    commands: list[dict[str, Any]] = field(default_factory=list)
    sent: list[Sent] = field(default_factory=list)
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._cond = threading.Condition()
        handler = type("Handler", (_Handler,), {"api": self})
        self.server = _Server(("127.0.0.1", 0), handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # -- life cycle ----------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def start(self) -> FakeBotAPI:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- what users do -------------------------------------------------------------------

    def _user(self, user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": f"用户{user_id}",
            "language_code": "zh-hans",
        }

    def _chat(self, chat_id: int) -> dict[str, Any]:
        if chat_id < 0:
            return {"id": chat_id, "type": "supergroup", "title": "测试群"}
        return {"id": chat_id, "type": "private", "first_name": f"用户{chat_id}"}

    def _push(self, update: dict[str, Any]) -> None:
        with self._cond:
            update["update_id"] = next(self._ids)
            if self.webhook is None:
                self.updates.append(update)
                self._cond.notify_all()
                return
        self._deliver(update)

    def _deliver(self, update: dict[str, Any], timeout: float = 60.0) -> None:
        """POST ``update`` to the registered webhook, as Telegram does (retrying while the
        bot's listener is not up yet)."""
        assert self.webhook
        url, secret = self.webhook
        request = urllib.request.Request(
            url,
            data=json.dumps(update, ensure_ascii=False).encode("utf-8"),
            headers={
                "Content-Type": "application/json",
                "X-Telegram-Bot-Api-Secret-Token": secret,
            },
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    assert response.status == 200, response.status
                return
            except (ConnectionError, urllib.error.URLError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def _message(self, user_id: int, chat_id: int | None, **fields: Any) -> dict[str, Any]:
        chat_id = chat_id or user_id
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._user(user_id),
            **fields,
        }
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def send_text(self, user_id: int, text: str, chat_id: int | None = None) -> dict[str, Any]:
        entities = []
        if text.startswith("/"):
            entities.append({"type": "bot_command", "offset": 0, "length": len(text.split()[0])})
        if f"@{BOT_USERNAME}" in text and not text.startswith("/"):
            entities.append(
                {"type": "mention", "offset": text.index("@"), "length": len(BOT_USERNAME) + 1}
            )
        message = self._message(user_id, chat_id, text=text, entities=entities)
        self._push({"message": message})
        return message

    def send_document(
        self, user_id: int, name: str, data: bytes, caption: str | None = None
    ) -> None:
        file_id = f"file{next(self._ids)}"
        self.files[file_id] = (f"documents/{file_id}/{name}", data)
        document = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": name,
            "file_size": len(data),
        }
        fields: dict[str, Any] = {"document": document}
        if caption:
            fields["caption"] = caption
        self._push({"message": self._message(user_id, None, **fields)})

    def press(self, user_id: int, bot_message: dict[str, Any], data: str) -> None:
        query = {
            "id": str(next(self._ids)),
            "from": self._user(user_id),
            "chat_instance": "test",
            "data": data,
            "message": bot_message,
        }
        self._push({"callback_query": query})

    async def wait_for(self, predicate: Any, timeout: float = 20.0, count: int = 1) -> list[Sent]:
        """What the bot sent that matches ``predicate``, once there are ``count`` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [s for s in list(self.sent) if predicate(s)]
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)
        raise AssertionError(
            f"no matching request in {timeout}s; sent: {[(s.method, s.text[:60]) for s in self.sent]}"
        )

    def wait(self, predicate: Any, timeout: float = 60.0, count: int = 1) -> list[Sent]:
        """:meth:`wait_for` for tests that are not async (e.g. driving a subprocess)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [s for s in list(self.sent) if predicate(s)]
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(
            f"no matching request in {timeout}s; sent: {[(s.method, s.text[:60]) for s in self.sent]}"
        )

    def wait_called(self, method: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while method not in self.calls:
            if time.monotonic() > deadline:
                raise AssertionError(f"{method} not called in {timeout}s; calls: {self.calls}")
            time.sleep(0.05)

    # -- what the bot does ---------------------------------------------------------------

    def handle(self, method: str, params: dict[str, Any], upload: bytes | None) -> Any:
        self.calls.append(method)
        if method == "setWebhook":
            self.webhook = (params["url"], params.get("secret_token", ""))
            self.sent.append(Sent(method, params))
            return True
        if method == "deleteWebhook":
            self.webhook = None
        if method == "setMyCommands":
            if "scope" not in params or json.loads(params["scope"])["type"] == "default":
                self.commands = json.loads(params["commands"])
            self.sent.append(Sent(method, params))
            return True
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "townreport",
                "username": BOT_USERNAME,
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "getUpdates":
            return self._get_updates(
                int(params.get("offset") or 0), float(params.get("timeout") or 0)
            )
        if method in ("deleteWebhook", "answerCallbackQuery", "sendChatAction"):
            self.sent.append(Sent(method, params))
            return True
        if method == "getFile":
            path, data = self.files[params["file_id"]]
            return {
                "file_id": params["file_id"],
                "file_unique_id": params["file_id"],
                "file_size": len(data),
                "file_path": path,
            }
        if method in ("sendMessage", "sendDocument", "sendPhoto", "editMessageText"):
            return self._bot_message(method, params, upload)
        raise KeyError(method)

    def _get_updates(self, offset: int, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + min(timeout, 1.0)
        with self._cond:
            while True:
                ready = [u for u in self.updates if u["update_id"] >= offset]
                if ready or time.monotonic() >= deadline:
                    return ready
                self._cond.wait(0.05)

    def _bot_message(
        self, method: str, params: dict[str, Any], upload: bytes | None
    ) -> dict[str, Any]:
        chat_id = int(params["chat_id"]) if "chat_id" in params else 0
        if method == "editMessageText":
            message = dict(self.messages[(chat_id, int(params["message_id"]))])
            message["text"] = params["text"]
            message.pop("reply_markup", None)
        else:
            message = {
                "message_id": next(self._ids),
                "date": int(time.time()),
                "chat": self._chat(chat_id),
                "from": {
                    "id": BOT_ID,
                    "is_bot": True,
                    "first_name": "townreport",
                    "username": BOT_USERNAME,
                },
            }
            if "text" in params:
                message["text"] = params["text"]
            if upload is not None:
                file_id = f"sent{next(self._ids)}"
                message["document"] = {
                    "file_id": file_id,
                    "file_unique_id": file_id,
                    "file_name": params.get("filename", "file"),
                }
            if "caption" in params:
                message["caption"] = params["caption"]
            reply = params.get("reply_parameters")
            if reply:
                target = self.messages.get((chat_id, int(json.loads(reply)["message_id"])))
                if target:
                    message["reply_to_message"] = target
        if "reply_markup" in params:
            message["reply_markup"] = json.loads(params["reply_markup"])
        self.messages[(chat_id, message["message_id"])] = message
        self.sent.append(Sent(method, params, message, upload))
        return message


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # the bot opens many connections at once in a burst

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A long poll cut off when the bot stops is normal; stay quiet about it."""


class _Handler(BaseHTTPRequestHandler):
    api: FakeBotAPI
    protocol_version = "HTTP/1.1"  # keep-alive, as the real Bot API

    def log_message(self, *args: Any) -> None:
        return None

    def do_GET(self) -> None:
        prefix = f"/file/bot{self.api.token}/"
        path = unquote(self.path)
        data = next((d for p, d in self.api.files.values() if prefix + p == path), None)
        if not path.startswith(prefix) or data is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        prefix = f"/bot{self.api.token}/"
        if not self.path.startswith(prefix):
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        method = self.path[len(prefix) :]
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        params, upload = self._params(body)
        try:
            result = self.api.handle(method, params, upload)
        except KeyError as exc:
            self._reply(400, {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"})
            return
        self._reply(200, {"ok": True, "result": result})

    def _params(self, body: bytes) -> tuple[dict[str, Any], bytes | None]:
        kind = self.headers.get("Content-Type", "")
        if kind.startswith("multipart/form-data"):
            parsed = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + kind.encode() + b"\r\n\r\n" + body
            )
            params: dict[str, Any] = {}
            upload = None
            for part in parsed.iter_parts():
                name = part.get_param("name", header="content-disposition")
                payload = part.get_payload(decode=True) or b""
                if part.get_filename():
                    upload = payload
                    params["filename"] = part.get_filename()
                else:
                    params[name] = payload.decode("utf-8")
            return params, upload
        if kind.startswith("application/json"):
            return {
                k: v if isinstance(v, str) else json.dumps(v)
                for k, v in json.loads(body or b"{}").items()
            }, None
        return {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}, None

    def _reply(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def townreport_command() -> str:
    """The installed console script of the environment running the tests."""
    import shutil
    import sys
    from pathlib import Path

    beside = Path(sys.executable).with_name("townreport")
    found = str(beside) if beside.exists() else shutil.which("townreport")
    assert found, "townreport 命令没有安装（pip install -e .）"
    return found


class BotProcess:
    """`townreport bot …` as a user starts it, in a subprocess, against ``api``."""

    def __init__(
        self,
        api: FakeBotAPI,
        data_dir: Any,
        *args: str,
        users: str = "",
        admins: str = "",
        env: dict[str, str] | None = None,
    ) -> None:
        import os
        import subprocess

        base = {
            k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "TOWNREPORT_"))
        }
        self.env = {
            **base,
            "TELEGRAM_BOT_TOKEN": api.token,
            "TOWNREPORT_ALLOWED_USERS": users,
            "TOWNREPORT_ADMINS": admins,
            "TOWNREPORT_DATA_DIR": str(data_dir),
            **(env or {}),
        }
        self.api = api
        self.log_path = data_dir.parent / f"bot-{id(self)}.log"
        data_dir.mkdir(parents=True, exist_ok=True)
        self.command = [
            townreport_command(),
            "bot",
            "--base-url",
            api.base_url,
            "--base-file-url",
            api.base_file_url,
            *args,
        ]
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            self.command, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )

    @property
    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, method: str = "getUpdates", timeout: float = 180.0) -> None:
        """Until the bot has set its menu and started polling (or registered its webhook)."""
        deadline = time.monotonic() + timeout
        for wanted in ("setMyCommands", method):
            while wanted not in self.api.calls:
                if self.proc.poll() is not None:
                    raise AssertionError(f"bot exited with {self.proc.returncode}:\n{self.log}")
                if time.monotonic() > deadline:
                    raise AssertionError(f"bot not ready in {timeout}s:\n{self.log}")
                time.sleep(0.1)

    def stop(self, timeout: float = 60.0) -> int:
        """SIGTERM, as a service manager stops it; its exit status."""
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=timeout)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()
            self._log.close()
