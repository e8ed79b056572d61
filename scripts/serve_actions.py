"""Start the action server (rasa_sdk) on one interface: 127.0.0.1 unless told otherwise.

rasa_sdk 3.6's own CLI (`python -m rasa_sdk`) has no host option and listens on every interface
(0.0.0.0, or `$SANIC_HOST`), without authentication. This launcher keeps rasa_sdk's own argument
parser and logging set-up, adds `--interface`, and runs the app that `rasa_sdk.endpoint.run` builds
(`create_app`, the plugins' Sanic extensions, `app.run`) on that address.

Runs in .venv-rasa; scripts/stack.py starts it under supervisord:

    .venv-rasa/bin/python -m scripts.serve_actions --actions actions --port 5055
"""

from __future__ import annotations

import argparse
import logging
import sys

DEFAULT_INTERFACE = "127.0.0.1"


def argument_parser() -> argparse.ArgumentParser:
    """rasa_sdk's parser (port, actions, cors, ssl, logging) plus `--interface`."""
    from rasa_sdk.endpoint import create_argument_parser

    parser: argparse.ArgumentParser = create_argument_parser()
    parser.add_argument(
        "--interface",
        default=DEFAULT_INTERFACE,
        help="address to listen on (default: %(default)s; the gateway's Rasa is the only client)",
    )
    return parser


def serve(args: argparse.Namespace) -> None:
    """What `rasa_sdk.__main__.main_from_args` and `rasa_sdk.endpoint.run` do, on `args.interface`."""
    from rasa_sdk import utils
    from rasa_sdk.constants import APPLICATION_ROOT_LOGGER_NAME
    from rasa_sdk.endpoint import create_app, create_ssl_context
    from rasa_sdk.plugin import plugin_manager

    logging.getLogger("matplotlib").setLevel(logging.WARN)
    utils.configure_colored_logging(args.loglevel)
    utils.configure_file_logging(
        logging.getLogger(APPLICATION_ROOT_LOGGER_NAME),
        args.log_file,
        args.loglevel,
        args.logging_config_file,
    )
    utils.update_sanic_log_level()

    app = create_app(args.actions, cors_origins=args.cors, auto_reload=args.auto_reload)
    plugin_manager().hook.attach_sanic_app_extensions(app=app)
    ssl_context = create_ssl_context(args.ssl_certificate, args.ssl_keyfile, args.ssl_password)
    protocol = "https" if ssl_context else "http"
    logging.getLogger(__name__).info(
        "Action endpoint is up and running on %s://%s:%s", protocol, args.interface, args.port
    )
    app.run(args.interface, args.port, ssl=ssl_context, workers=utils.number_of_sanic_workers())


def main(argv: list[str] | None = None) -> int:
    args = argument_parser().parse_args(argv)
    serve(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
