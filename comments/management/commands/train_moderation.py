"""``python manage.py train_moderation``: train the offensive-language score on GermEval 2018 and
the site's own moderator decisions (:mod:`comments.moderation.labels`)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Trains the offensive-language score on GermEval 2018 data plus the site's own labelled "
        "examples (moderators' decisions, drafts marked as wrongly refused), prints "
        "cross-validated precision, recall and macro-F1 before and after, and writes the model "
        "file. Needs the 'train' extra."
    )

    def add_arguments(self, parser):
        from comments.moderation.training import DEFAULT_DATA, DEFAULT_OUTPUT, SITE_WEIGHT

        parser.add_argument("--data", default=str(DEFAULT_DATA), help="GermEval 2018 TSV file")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="model file to write")
        parser.add_argument("--folds", type=int, default=10, help="cross-validation folds")
        parser.add_argument(
            "--no-eval", action="store_true", help="skip the nested cross-validation report"
        )
        parser.add_argument(
            "--without-site-examples",
            action="store_true",
            help="train on GermEval alone, leaving out the moderators' decisions",
        )
        parser.add_argument(
            "--site-weight",
            type=float,
            default=SITE_WEIGHT,
            help="how much one site example counts against one GermEval tweet",
        )
        parser.add_argument(
            "--baseline",
            default=str(DEFAULT_OUTPUT),
            help="model file whose recorded figures are 'before' when no site examples are used",
        )

    def handle(self, *args, **options):
        # training.py imports scikit-learn only inside its functions; nothing heavy loads here.
        from comments.moderation import labels
        from comments.moderation.training import TrainingDependencyError, site_rows, train

        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2")
        if options["site_weight"] <= 0:
            raise CommandError("--site-weight must be positive")
        site = None if options["without_site_examples"] else site_rows(labels.examples())
        try:
            train(
                options["data"],
                options["output"],
                options["folds"],
                evaluate=not options["no_eval"],
                log=self.stdout.write,
                site=site,
                site_weight=options["site_weight"],
                baseline=options["baseline"],
            )
        except TrainingDependencyError as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(f"Training failed: {exc}") from exc
