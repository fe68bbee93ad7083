import {defineCommand} from './define.js';
import {accountArgument} from './shared.js';

export const kubeconfigSpec = defineCommand({
	name: 'kubeconfig',
	summary: 'make a kubeconfig user get its AKS token from msid',
	description: 'Makes the kubeconfig user of a context run msid as its exec credential plugin, like kubelogin\n'
		+ 'convert-kubeconfig: msid token --resource SERVER --format k8s [-- ACCOUNT-ID], where SERVER is\n'
		+ 'AKS\'s Entra server application (6dae42f8-4368-4678-94ff-3960e28e3630) or the apiserver-id /\n'
		+ '--server-id the user had. The file is copied to FILE.msid-backup-TIME first.',
	arguments: [accountArgument],
	options: {
		context: {type: 'string', value: 'C', description: 'the context whose user to convert (default: the current context)'},
		kubeconfig: {type: 'string', value: 'FILE', complete: 'file', description: 'the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config)'},
	},
	examples: [
		{command: 'msid kubeconfig --context my-aks work', description: 'kubectl --context my-aks then gets work\'s token'},
	],
});
