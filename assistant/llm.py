"""LLM answer back ends: LangChain chat models with the figure tools, checked after generation.

:func:`make_llm_backend` builds the chat model named in the configuration (an OpenAI-compatible
endpoint, Ollama, or a local llama.cpp model); the provider packages are imported only there,
so the offline default needs none of them. :class:`LLMAnswerer` runs the tool-calling loop and
then trusts nothing: :func:`assistant.verify.verify` removes markers that point nowhere, sentences
with numbers that no cited passage or tool result contains, and copies of the system prompt.
"""

from __future__ import annotations

import importlib.util
import json
import logging
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage, ToolMessage

from assistant.answer import AnswerContext, OfflineAnswerer, split_sentences
from assistant.citations import CitationBuilder, markers
from assistant.figures import make_figure_tools
from assistant.prompts import (
    FINAL_NUDGE,
    NOT_FOUND,
    REMOVED_NOTE,
    expected_phrases,
    foreign_warning,
    system_prompt,
    user_message,
)
from assistant.verify import LeakGuard, numbers_in, rewrite_markers, supported, verify
from core.config import Settings
from core.models import Answer, Figure, Passage
from core.text import tokenize

log = logging.getLogger(__name__)

BACKENDS = ("openai", "ollama", "llamacpp")
REQUEST_TIMEOUT = 180  # seconds; a CPU-only local model is slow, a dead server must not hang
# Tools that return candidates; a figure they return counts as used only if the answer names it.
_SEARCH_TOOLS = {"find_figures", "list_series"}
_FIGURE_FIELDS = {f.name for f in fields(Figure)}
_NOT_SUPPORTING = {"id", "line", "bron", "source"}  # JSON keys whose digits are no evidence


class LLMBackendError(ValueError):
    """A back end that cannot be built as configured; ``str(err)`` is a Dutch user message."""


# --------------------------------------------------------------------------------------------
# Factory
# --------------------------------------------------------------------------------------------


def make_llm_backend(name: str, settings: Settings) -> LLMAnswerer:
    """The LLM back end ``name`` (openai | ollama | llamacpp), built without any network call."""
    key = (name or "").strip().lower()
    builders = {"openai": _openai, "ollama": _ollama, "llamacpp": _llamacpp}
    if key not in builders:
        raise LLMBackendError(
            f"Onbekende back-end '{name}'. Kies uit: offline, {', '.join(BACKENDS)}."
        )
    return LLMAnswerer(builders[key](settings), name=key)


def _openai(settings: Settings, default_model: str = "") -> BaseChatModel:
    """Any OpenAI-compatible endpoint: vLLM, a llama.cpp server, or a hosted service."""
    from langchain_openai import ChatOpenAI

    model = settings.llm_model or default_model
    if not model:
        raise LLMBackendError(
            "Geen model ingesteld voor de back-end 'openai': zet RAADS_LLM_MODEL (en voor een "
            "lokale server RAADS_LLM_BASE_URL, bijvoorbeeld http://localhost:8000/v1)."
        )
    return ChatOpenAI(
        model=model,
        base_url=settings.llm_base_url or None,
        api_key=settings.llm_api_key or "not-needed",
        temperature=settings.llm_temperature,
        timeout=REQUEST_TIMEOUT,
        max_retries=1,
    )


def _ollama(settings: Settings) -> BaseChatModel:
    from langchain_ollama import ChatOllama

    if not settings.llm_model:
        raise LLMBackendError(
            "Geen model ingesteld voor de back-end 'ollama': zet RAADS_LLM_MODEL, bijvoorbeeld "
            "qwen2.5:7b-instruct (het model moet met 'ollama pull' zijn opgehaald)."
        )
    kwargs: dict[str, Any] = {"model": settings.llm_model, "temperature": settings.llm_temperature,
                              "num_ctx": 8192, "client_kwargs": {"timeout": REQUEST_TIMEOUT}}
    if settings.llm_base_url:
        kwargs["base_url"] = settings.llm_base_url
    return ChatOllama(**kwargs)


def _llamacpp(settings: Settings) -> BaseChatModel:
    """A local GGUF file via llama-cpp-python, or else a llama.cpp server (OpenAI API)."""
    has_package = all(importlib.util.find_spec(m) for m in ("llama_cpp", "langchain_community"))
    if has_package and settings.llm_model_path:
        path = Path(settings.llm_model_path)
        if not path.is_file():
            raise LLMBackendError(f"Modelbestand niet gevonden: {path} (RAADS_LLM_MODEL_PATH).")
        from langchain_community.chat_models import ChatLlamaCpp

        return ChatLlamaCpp(model_path=str(path), temperature=settings.llm_temperature,
                            n_ctx=8192, n_threads=2, max_tokens=1024, verbose=False)
    if settings.llm_base_url:  # llama-server speaks the OpenAI chat API
        return _openai(settings, default_model="local")
    if has_package:
        raise LLMBackendError(
            "De back-end 'llamacpp' heeft een GGUF-modelbestand nodig: zet RAADS_LLM_MODEL_PATH."
        )
    raise LLMBackendError(
        "De back-end 'llamacpp' heeft de pakketten llama-cpp-python en langchain-community nodig "
        "(pip install llama-cpp-python langchain-community) en RAADS_LLM_MODEL_PATH naar een "
        "GGUF-bestand. Of start een llama.cpp-server (llama-server -m model.gguf) en zet "
        "RAADS_LLM_BASE_URL=http://localhost:8080/v1."
    )


# --------------------------------------------------------------------------------------------
# Numbered sources and the tool log
# --------------------------------------------------------------------------------------------


class Sources:
    """The numbered passages the model sees; a tool figure outside them gets the next number."""

    def __init__(self, passages: list[Passage], lookup: Any = None) -> None:
        self.passages = list(passages)
        self._lookup = lookup if callable(lookup) else None

    def number_for(self, source: str, line: int, quote: str) -> int:
        for i, p in enumerate(self.passages, start=1):
            if p.source == source and p.line_start <= line <= p.line_end:
                return i
        passage = self._lookup(source, line) if self._lookup else None
        if passage is None:
            passage = Passage(id=f"{source}:{line}", text=quote, source=source,
                              line_start=line, line_end=line)
        self.passages.append(passage)
        return len(self.passages)

    def texts(self) -> dict[int, str]:
        return {i: p.text for i, p in enumerate(self.passages, start=1)}


@dataclass
class ToolLog:
    """What the tools returned: evidence texts for verification and the figures they showed."""

    evidence: list[str] = field(default_factory=list)
    used: list[Figure] = field(default_factory=list)  # inputs of computations, direct lookups
    candidates: list[tuple[Figure, int]] = field(default_factory=list)  # search results, [n]
    calls: list[str] = field(default_factory=list)

    def figures_in(self, text: str, cited: list[int]) -> list[Figure]:
        """Used figures plus the candidates whose value the answer names and whose source it
        cites."""
        written = numbers_in(text)
        named = [f for f, n in self.candidates
                 if n in cited and any(supported(w, {abs(f.value)}) for w in written)]
        out: dict[str, Figure] = {}
        for f in self.used + named:
            out.setdefault(f.id or f"{f.source}:{f.line}:{f.value}", f)
        return list(out.values())


def _evidence(obj: Any) -> str:
    """The JSON values that may support a number (ids and line numbers do not)."""
    if isinstance(obj, dict):
        return " ".join(_evidence(v) for k, v in obj.items() if k not in _NOT_SUPPORTING)
    if isinstance(obj, list):
        return " ".join(_evidence(v) for v in obj)
    return str(obj)


def annotate_tool_result(raw: str, tool: str, sources: Sources, tlog: ToolLog) -> str:
    """Add ``"bron": "[n]"`` to every figure in a tool result and log it as evidence."""
    try:
        data = json.loads(raw)
    except (TypeError, ValueError):
        tlog.evidence.append(str(raw))
        return str(raw)

    def walk(obj: Any) -> None:
        if isinstance(obj, dict):
            if {"source", "line", "quote", "value"} <= obj.keys():
                fig = Figure(**{k: v for k, v in obj.items() if k in _FIGURE_FIELDS})
                n = sources.number_for(fig.source, int(fig.line), fig.quote)
                obj["bron"] = f"[{n}]"
                if tool in _SEARCH_TOOLS:
                    tlog.candidates.append((fig, n))
                else:
                    tlog.used.append(fig)
            for v in obj.values():
                walk(v)
        elif isinstance(obj, list):
            for v in obj:
                walk(v)

    walk(data)
    tlog.evidence.append(_evidence(data))
    return json.dumps(data, ensure_ascii=False)


def _says_not_found(text: str) -> bool:
    return NOT_FOUND.rstrip(".").lower() in text.lower()


def _is_abstention(text: str) -> bool:
    """The model said it cannot answer and hardly anything else (a stray marker at most)."""
    if not _says_not_found(text):
        return False
    rest = rewrite_markers(text, {}).lower().replace(NOT_FOUND.rstrip(".").lower(), "")
    return len(rest.split()) < 4


# --------------------------------------------------------------------------------------------
# The answerer
# --------------------------------------------------------------------------------------------


class LLMAnswerer:
    """An :class:`~assistant.answer.AnswerBackend` around any LangChain chat model."""

    def __init__(self, chat_model: BaseChatModel, name: str = "llm", max_rounds: int = 4) -> None:
        self.chat_model = chat_model
        self.name = name
        self.max_rounds = max_rounds
        self.guard: LeakGuard | None = None

    def answer(self, ctx: AnswerContext) -> Answer:
        self.guard = LeakGuard(system_prompt(ctx.profile), allowed=expected_phrases(ctx.profile))
        answer = Answer(question=ctx.original_question, text="", backend=self.name,
                        passages=ctx.passages, resolved_question=ctx.question)
        sources = Sources(ctx.passages, ctx.lookup_passage)
        if not ctx.passages:
            answer.abstained = True
            answer.text = NOT_FOUND
            return answer
        try:
            text, tlog = self.generate(ctx, sources)
        except Exception as exc:  # an unreachable server or a provider error
            log.exception("LLM-back-end %s faalde", self.name)
            fallback = OfflineAnswerer().answer(ctx)
            fallback.warnings.append(
                f"Het taalmodel ({self.name}) gaf een fout: {type(exc).__name__}: {exc}. "
                "Dit antwoord komt van de offline back-end."
            )
            return fallback
        return self.finish(answer, ctx, sources, text, tlog)

    # -- generation ---------------------------------------------------------------------------
    def messages(self, ctx: AnswerContext) -> list[BaseMessage]:
        earlier = [t for role, t in ctx.history if role == "user"]
        return [SystemMessage(system_prompt(ctx.profile)),
                HumanMessage(user_message(ctx.question, ctx.passages, earlier))]

    def generate(self, ctx: AnswerContext, sources: Sources) -> tuple[str, ToolLog]:
        """Run the tool-calling loop; return the final text and what the tools returned."""
        tools = []
        if ctx.figures is not None:
            tools = make_figure_tools(ctx.figures, ctx.allowed_sources)
        model: Any = self.chat_model
        if tools:
            try:
                model = self.chat_model.bind_tools(tools)
            except NotImplementedError:  # a model without tool calling still answers
                tools = []
        by_name = {t.name: t for t in tools}
        messages = self.messages(ctx)
        tlog = ToolLog()
        for _ in range(self.max_rounds):
            reply = model.invoke(messages)
            messages.append(reply)
            if not getattr(reply, "tool_calls", None):
                return reply.text, tlog
            for i, call in enumerate(reply.tool_calls):
                messages.append(self._run_tool(call, i, by_name, sources, tlog))
        messages.append(HumanMessage(FINAL_NUDGE))
        return model.invoke(messages).text, tlog

    def _run_tool(self, call: dict, i: int, by_name: dict, sources: Sources,
                  tlog: ToolLog) -> ToolMessage:
        name = call.get("name", "")
        tlog.calls.append(name)
        tool = by_name.get(name)
        if tool is None:
            content = json.dumps({"error": f"Onbekende tool: {name}"}, ensure_ascii=False)
        else:
            try:
                raw = tool.invoke(call.get("args") or {})
            except Exception as exc:  # bad arguments from the model: tell it, don't crash
                content = json.dumps({"error": str(exc)}, ensure_ascii=False)
            else:
                content = annotate_tool_result(raw, name, sources, tlog)
        return ToolMessage(content=content, tool_call_id=call.get("id") or f"call_{i}", name=name)

    # -- verification and citations ---------------------------------------------------------
    def finish(self, answer: Answer, ctx: AnswerContext, sources: Sources, text: str,
               tlog: ToolLog) -> Answer:
        """Verify the model's text, then build citations and figures for the markers it kept."""
        question = " ".join([ctx.question, ctx.original_question])
        result = verify(text, sources.texts(), tlog.evidence, question, self.guard)
        answer.warnings.extend(result.warnings)
        body = result.text
        if not result.used or _is_abstention(body):
            if body and not _says_not_found(body):
                answer.warnings.append(
                    "Het taalmodel gaf een antwoord zonder geldige bronverwijzing; dat is niet "
                    "getoond."
                )
            return self._abstain(answer, ctx, sources, body)
        foreign = self._foreign_owner(result.used, sources, ctx)
        if foreign and foreign not in body:
            warning = foreign_warning(ctx.profile, foreign)
            body = f"{warning}\n\n{body}"
            answer.warnings.append(warning)
        if result.removed_numbers:
            body += "\n\n(" + REMOVED_NOTE.format(n=result.removed_numbers) + ")"
        figures = tlog.figures_in(body, result.used)
        cites = CitationBuilder(ctx.lookup_passage)
        mapping = {}
        for n in result.used:
            passage = sources.passages[n - 1]
            mapping[n] = cites.cite(passage, self._highlight(passage, body, n, figures))
        answer.text = rewrite_markers(body, mapping)
        answer.citations = cites.citations
        answer.figures = figures
        return answer

    def _abstain(self, answer: Answer, ctx: AnswerContext, sources: Sources, body: str) -> Answer:
        answer.abstained = True
        reason = rewrite_markers(body, {}) if _says_not_found(body) else NOT_FOUND
        cites = CitationBuilder(ctx.lookup_passage)
        closest = ctx.passages[:3]
        refs = markers([cites.cite(p) for p in closest])
        answer.text = f"{reason} De meest verwante passages staan hieronder {refs}."
        answer.citations = cites.citations
        return answer

    @staticmethod
    def _foreign_owner(used: list[int], sources: Sources, ctx: AnswerContext) -> str:
        """The other government whose documents alone support the answer, if the question does
        not name it itself ("" when any cited passage is the home municipality's)."""
        home = ctx.profile.municipality
        owners = {sources.passages[n - 1].owner for n in used}
        own = {home, ctx.profile.region.name if ctx.profile.region else home}
        if not home or not owners or "" in owners or owners & own:
            return ""
        named = set(ctx.profile.mentioned(ctx.question))
        canon = {ctx.profile.canonical(o) or o for o in owners}
        return "" if named & canon else ", ".join(sorted(owners))

    @staticmethod
    def _highlight(passage: Passage, body: str, n: int, figures: list[Figure]) -> str:
        """The quote of a figure on this passage, else its sentence closest to the claim."""
        quotes = [f.quote for f in figures if f.source == passage.source
                  and passage.line_start <= f.line <= passage.line_end]
        if quotes:
            return " … ".join(dict.fromkeys(quotes))
        claim = set(tokenize(" ".join(s for s in body.split("\n") if f"[{n}]" in s)))
        best = max(split_sentences(passage, 0), default=None,
                   key=lambda s: len(claim & set(tokenize(s.text))))
        return best.text if best is not None and claim & set(tokenize(best.text)) else ""
