'use client';
import { ConfirmDelete } from '@/components/ui/confirm-delete';
import { deleteRealServerAction } from '@/app/(console)/cluster-configuration/real-servers/actions';

export function DeleteRealServer({
  serviceId,
  serviceLabel,
  id,
  label,
  version,
}: {
  serviceId: string;
  serviceLabel: string;
  id: string;
  label: string;
  version: number;
}) {
  return (
    <ConfirmDelete
      name={label}
      question={`This removes ${label} from ${serviceLabel}. After the next apply its open connections are reset; to let them finish first, drain it and wait.`}
      onConfirm={() => deleteRealServerAction(serviceId, id, version)}
    />
  );
}
