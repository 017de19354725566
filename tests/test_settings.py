"""Settings: environment, flags and README stay one and the same."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workers.settings import Settings, describe, flag_name

README = Path(__file__).resolve().parents[1] / "README.md"


def test_environment_is_read_and_typed():
    settings = Settings.from_env({"WARTA_PORT": "9001", "WARTA_QUEUE": "news", "OTHER": "x"})
    assert settings.port == 9001 and settings.queue == "news"


def test_flags_override_the_environment():
    assert Settings.from_env({"WARTA_PORT": "9001"}, port="9002", queue=None).port == 9002


def test_a_non_integer_is_refused_with_the_variable_named():
    with pytest.raises(ValueError, match="WARTA_PORT"):
        Settings.from_env({"WARTA_PORT": "eighty"})


def test_bare_postgresql_urls_get_the_shipped_driver():
    url = Settings(database_url="postgresql://u@h/db").effective_database_url
    assert url == "postgresql+psycopg://u@h/db"


def test_default_store_is_sqlite_in_the_data_dir(tmp_path):
    url = Settings(data_dir=str(tmp_path)).effective_database_url
    assert url == f"sqlite:///{tmp_path / 'warta.db'}"


def test_readme_documents_every_setting_with_its_default():
    rows = {
        m.group(1): m.group(2)
        for m in re.finditer(r"^\| `(WARTA_\w+)` \| `([^`]*)` \|", README.read_text(), re.MULTILINE)
    }
    for env, _flag, default, _help in describe():
        assert env in rows, f"{env} missing from the README settings table"
        assert rows[env] == (str(default) or '""'), f"README default of {env}"


def test_every_setting_is_a_flag_of_the_server_commands():
    from service.cli.run import serve, up, worker

    flags = {flag for _env, flag, _default, _help in describe()}
    for command in (up, serve, worker):
        taken = {name for param in command.params for name in param.opts}
        assert flags <= taken, f"warta {command.name} lacks {sorted(flags - taken)}"


def test_translate_takes_only_the_settings_that_change_its_result_and_reads_the_rest_from_the_env():
    from service.cli.client import translate
    from service.cli.options import OFFLINE_SETTINGS

    taken = {name for param in translate.params for name in param.opts}
    settings = {flag for _env, flag, _default, _help in describe()}
    assert settings & taken == {flag_name(name) for name in OFFLINE_SETTINGS}
    for server_only in ("--redis-url", "--database-url", "--rate-limit", "--require-api-key", "--port"):
        assert server_only not in taken


def test_the_store_commands_take_only_where_the_store_is():
    from service.cli.glossary import glossary
    from service.cli.keys import keys
    from service.cli.memory import tm
    from service.cli.options import STORE_SETTINGS

    settings = {flag for _env, flag, _default, _help in describe()}
    for group in (keys, tm, glossary):
        for command in group.commands.values():
            taken = {name for param in command.params for name in param.opts}
            store = {flag_name(name) for name in STORE_SETTINGS}
            assert settings & taken in (set(), store), f"{group.name} {command.name}"
