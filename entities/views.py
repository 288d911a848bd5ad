from django.views.generic import DetailView

from entities.models import Entity


class EntityDetailView(DetailView):
    context_object_name = "entity"

    def get_queryset(self):
        return Entity.objects.public().select_related("municipality__county")
