from django.urls import path

from . import committee, corrections, views
from . import attachments

app_name = "workspace"

urlpatterns = [
    path("workspace/", views.dashboard, name="dashboard"),
    path("workspace/committees/<slug:slug>/", committee.committee_settings, name="committee"),
    path("workspace/committees/<slug:slug>/plan/", views.plan_year, name="plan-year"),
    path("workspace/meetings/new/", views.meeting_new, name="meeting-new"),
    path("workspace/meetings/<int:pk>/", views.meeting_hub, name="meeting"),
    path("workspace/meetings/<int:pk>/items/new/", views.item_new, name="item-new"),
    path("workspace/meetings/<int:pk>/items/standard/", views.items_standard, name="items-standard"),
    path("workspace/meetings/<int:pk>/items/offered/", views.item_offered, name="item-offered"),
    path("workspace/meetings/<int:pk>/reorder/", views.reorder, name="reorder"),
    path("workspace/meetings/<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("workspace/meetings/<int:pk>/attachments/<int:attachment_pk>/", attachments.attachment_edit,
         name="attachment"),
    path("workspace/meetings/<int:pk>/attachments/<int:attachment_pk>/replace/", attachments.attachment_replace,
         name="attachment-replace"),
    path("workspace/meetings/<int:pk>/attachments/<int:attachment_pk>/move/", attachments.attachment_move,
         name="attachment-move"),
    path("workspace/meetings/<int:pk>/attachments/<int:attachment_pk>/delete/", attachments.attachment_delete,
         name="attachment-delete"),
    path("workspace/meetings/<int:pk>/attachments/<int:attachment_pk>/open/", attachments.attachment_open,
         name="attachment-open"),
    path("workspace/meetings/<int:pk>/attachments/files/<int:history_id>/", attachments.attachment_earlier_file,
         name="attachment-earlier-file"),
    path("workspace/meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("workspace/meetings/<int:pk>/attendance/members/", views.attendance_from_members,
         name="attendance-members"),
    path("workspace/meetings/<int:pk>/start-minutes/", views.start_minutes, name="start-minutes"),
    path("workspace/meetings/<int:pk>/preview/", views.preview, name="preview"),
    path("workspace/meetings/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("workspace/meetings/<int:pk>/circulate/", views.circulate, name="circulate"),
    path("workspace/meetings/<int:pk>/correct/", corrections.correct, name="correct"),
    path("workspace/meetings/<int:pk>/history/", views.history, name="history"),
    path("workspace/items/<int:pk>/", views.item_edit, name="item"),
    path("workspace/items/<int:pk>/delete/", views.item_delete, name="item-delete"),
    path("workspace/items/<int:pk>/open/", attachments.item_open, name="item-open"),
    path("workspace/items/<int:pk>/decision/", views.decision_edit, name="decision"),
    path("workspace/items/<int:pk>/follow-ups/", views.follow_up_new, name="follow-up-new"),
    # The two state changes the public API of the product names.
    path("meetings/<int:pk>/publish/", views.publish, name="publish"),
    path("meetings/<int:pk>/sign-off/", views.sign_off, name="sign-off"),
    path("meetings/<int:pk>/approve/", views.approve, name="approve"),
]
