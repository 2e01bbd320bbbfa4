"""``python manage.py train_moderation``: train the offensive-language score (GermEval 2018)."""

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Trains the offensive-language score on GermEval 2018 data, prints cross-validated "
        "precision, recall and macro-F1, and writes the model file. Needs the 'train' extra."
    )

    def add_arguments(self, parser):
        from comments.moderation.training import DEFAULT_DATA, DEFAULT_OUTPUT

        parser.add_argument("--data", default=str(DEFAULT_DATA), help="GermEval 2018 TSV file")
        parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="model file to write")
        parser.add_argument("--folds", type=int, default=10, help="cross-validation folds")
        parser.add_argument(
            "--no-eval", action="store_true", help="skip the nested cross-validation report"
        )

    def handle(self, *args, **options):
        # training.py imports scikit-learn only inside its functions; nothing heavy loads here.
        from comments.moderation.training import TrainingDependencyError, train

        if options["folds"] < 2:
            raise CommandError("--folds must be at least 2")
        try:
            train(
                options["data"],
                options["output"],
                options["folds"],
                evaluate=not options["no_eval"],
                log=self.stdout.write,
            )
        except TrainingDependencyError as exc:
            raise CommandError(str(exc)) from exc
        except (OSError, ValueError) as exc:
            raise CommandError(f"Training failed: {exc}") from exc
