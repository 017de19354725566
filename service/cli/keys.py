"""``warta keys``: make, list and revoke API keys."""

from __future__ import annotations

from typing import Any

import click

from service.cli.options import settings_from, store_settings_options


@click.group()
def keys() -> None:
    """Make, list and revoke API keys (sent as `Authorization: Bearer …`; see --require-api-key).

    Each key sees only the jobs, glossaries and benchmarks it made, and has its own rate limit.
    """


def _key_store(options: dict[str, Any]) -> Any:
    from workers.store.api_keys import KeyStore
    from workers.store.jobs import JobStore

    return KeyStore(JobStore(settings_from(options).effective_database_url).engine)


@keys.command("create")
@click.argument("name")
@click.option("--admin", is_flag=True, help="Also opens the operators' pages (the RQ dashboard at /rq).")
@store_settings_options
def keys_create(name: str, admin: bool, **options: Any) -> None:
    """Make a key for NAME (a person, team or program) and print its token once: keep it safe."""
    if not name.strip() or len(name) > 200:
        raise click.UsageError("NAME: 1-200 characters describing who holds the key")
    key, token = _key_store(options).create(name.strip(), admin=admin)
    click.echo(f"id: {key.id}\nname: {key.name}\ntoken: {token}")
    click.echo("The token is shown only now; Warta keeps only its hash.", err=True)


@keys.command("list")
@store_settings_options
def keys_list(**options: Any) -> None:
    """List keys: id, state, created, name (tokens cannot be shown again)."""
    for key in _key_store(options).list():
        state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
        state += " admin" if key.admin else ""
        click.echo(f"{key.id}\t{state}\t{key.created_at:%Y-%m-%d %H:%M}\t{key.name}")


@keys.command("revoke")
@click.argument("key_id")
@store_settings_options
def keys_revoke(key_id: str, **options: Any) -> None:
    """Revoke key KEY_ID at once; its jobs stay in the store."""
    if not _key_store(options).revoke(key_id):
        raise click.UsageError(f"no active key {key_id!r} (see `warta keys list`)")
    click.echo(f"{key_id}: revoked")
