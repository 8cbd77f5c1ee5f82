'use client';
import { ConfirmDelete } from '@/components/ui/confirm-delete';
import { deleteVirtualServiceAction } from '@/app/(console)/cluster-configuration/virtual-services/actions';

export function DeleteVirtualService({
  id,
  label,
  version,
  realServers,
}: {
  id: string;
  label: string;
  version: number;
  realServers: number;
}) {
  return (
    <ConfirmDelete
      name={label}
      question={`This removes the virtual service${realServers ? ` and its ${realServers} real server${realServers > 1 ? 's' : ''}` : ''} from the configuration. Directors keep running the old configuration until the next apply.`}
      onConfirm={() => deleteVirtualServiceAction(id, version)}
    />
  );
}
