"""Security: no network requests, no external entities resolved."""
from __future__ import annotations

import socket

from pipeline.cli import main
from pipeline.clean import clean_document
from pipeline.models import RawDocument


def test_security_extract_makes_no_network_request(tmp_path, monkeypatch, corpus_dir):
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise OSError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    page = tmp_path / "remote.html"
    page.write_text('<html><head><link rel="stylesheet" href="http://example.invalid/a.css">'
                    '<script src="https://example.invalid/x.js"></script></head><body><article>'
                    '<p>Gunmen attacked a police post in Kano on 3 May 2021, killing two officers, '
                    'police said on Monday in a statement.</p><img src="http://example.invalid/i.png">'
                    '</article></body></html>', encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(corpus_dir), str(page), "--out", str(out), "--quiet"]) == 0
    assert calls == []


def test_security_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRETVALUE", encoding="utf-8")
    html = (f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
            "<html><body><article><p>Police said gunmen attacked a checkpoint near the border "
            "on Sunday, killing three soldiers. &xxe;</p><p>The army said it had launched an "
            "operation to find the attackers.</p></article></body></html>")
    try:
        text = clean_document(RawDocument(doc_id="x", source="x", html=html)).text
    except Exception as exc:  # refusing the page is fine; reading the file is not
        text = str(exc)
    assert "TOPSECRETVALUE" not in text
