import { Text } from "@react-email/components";
import { EmailLayout } from "./layout";

export interface SalesDocumentEmailProps {
  organisationName: string;
  customerName: string;
  /** "Invoice INV-2026-000042", "Credit note CN-2026-000003", "Statement of account". */
  documentLabel: string;
  /** Formatted in the organisation's locale, e.g. "€1,296.00". */
  amount: string;
  /** Formatted, or null when nothing falls due (a credit note, a statement). */
  dueDate: string | null;
  /** What the sender wrote, shown as typed (line breaks kept). */
  message: string | null;
  attachmentName: string;
}

/** A sales document (an invoice, a credit note, a statement) sent to the customer, with its PDF attached. */
export function SalesDocumentEmail(props: SalesDocumentEmailProps) {
  return (
    <EmailLayout
      preview={`${props.documentLabel} from ${props.organisationName}`}
      heading={`${props.documentLabel} from ${props.organisationName}`}
      footer={`${props.organisationName} sent you this message through Folio, because you are its customer.`}
    >
      <Text>Hello {props.customerName},</Text>
      {props.message
        ? props.message.split(/\r?\n/).map((line, index) => <Text key={index}>{line}</Text>)
        : null}
      <Text>
        {props.organisationName} sends you {props.documentLabel.toLowerCase().startsWith("statement") ? "your" : "its"} {props.documentLabel}, for{" "}
        {props.amount}
        {props.dueDate ? `, due on ${props.dueDate}` : ""}. The document is attached as {props.attachmentName}.
      </Text>
      <Text>Please reply to this email with any question about it.</Text>
    </EmailLayout>
  );
}
